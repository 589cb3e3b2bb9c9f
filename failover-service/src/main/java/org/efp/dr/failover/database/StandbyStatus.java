package org.efp.dr.failover.database;

import java.time.Duration;

/**
 * What a standby looks like right now: reachable, still in recovery, and how far behind it is, in bytes of WAL and
 * in time. {@code problem} says why it is not usable when it is not.
 */
public record StandbyStatus(String url, boolean reachable, boolean inRecovery, long lagBytes, Duration lag,
        String problem) {

    public static StandbyStatus unusable(String url, String problem) {
        return new StandbyStatus(url, false, false, -1, null, problem);
    }

    /** Whether promoting it keeps data loss within {@code rpo} and {@code maxLagBytes}. */
    public boolean withinRpo(Duration rpo, long maxLagBytes) {
        return reachable && inRecovery && lag != null && lag.compareTo(rpo) <= 0 && lagBytes <= maxLagBytes;
    }

    public String describe() {
        if (problem != null) {
            return problem;
        }
        return "standby " + url + " lag=" + lagBytes + " bytes, " + (lag == null ? "?" : lag.toMillis() + " ms");
    }
}
