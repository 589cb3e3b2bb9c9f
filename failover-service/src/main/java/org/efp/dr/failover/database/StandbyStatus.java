package org.efp.dr.failover.database;

import java.time.Duration;

/**
 * What a standby looks like right now: reachable, still in recovery, how far behind it is in bytes of WAL and in
 * time, whether its WAL receiver streams, and {@code silence}: how long ago it last heard from a primary (null when
 * unknown: never seen streaming). {@code problem} says why it is not usable when it is not.
 */
public record StandbyStatus(String url, boolean reachable, boolean inRecovery, long lagBytes, Duration lag,
        boolean receiverStreaming, Duration silence, String problem) {

    public static StandbyStatus unusable(String url, String problem) {
        return new StandbyStatus(url, false, false, -1, null, false, null, problem);
    }

    /**
     * Whether promoting it keeps data loss within {@code rpo} and {@code maxLagBytes}: replay lag, byte lag and the
     * time since its receiver last heard from the primary (a dead receiver is not "within RPO").
     */
    public boolean withinRpo(Duration rpo, long maxLagBytes) {
        return reachable && inRecovery && lag != null && lag.compareTo(rpo) <= 0 && lagBytes <= maxLagBytes
                && silence != null && silence.compareTo(rpo) <= 0;
    }

    public String describe() {
        if (problem != null) {
            return problem;
        }
        return "standby " + url + " lag=" + lagBytes + " bytes, " + (lag == null ? "?" : lag.toMillis() + " ms")
                + ", WAL receiver " + (receiverStreaming ? "streaming" : "not streaming") + ", last heard from a "
                + "primary " + (silence == null ? "never (not seen streaming)" : silence.toMillis() + " ms ago");
    }
}
