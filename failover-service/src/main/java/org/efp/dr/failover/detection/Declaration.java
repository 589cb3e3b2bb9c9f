package org.efp.dr.failover.detection;

import java.time.Instant;
import java.util.Objects;

import org.efp.dr.common.events.Severity;

/**
 * An outage someone or something declares: an alert, a probe streak, an operator, an external event. {@code node}
 * is the database node ({@code host:port}) it is about, when known; {@code replicaLag} marks an alert about
 * replication lag (a replica's problem, never a reason to restore the primary).
 */
public record Declaration(String component, Severity severity, String impact, String source,
        Instant outageStartedAt, Instant detectedAt, String fingerprint, String node, boolean replicaLag) {

    public Declaration {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outageStartedAt, "outageStartedAt");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (outageStartedAt.isAfter(detectedAt)) {
            outageStartedAt = detectedAt;
        }
    }

    /** A declaration about no particular node. */
    public Declaration(String component, Severity severity, String impact, String source,
            Instant outageStartedAt, Instant detectedAt, String fingerprint) {
        this(component, severity, impact, source, outageStartedAt, detectedAt, fingerprint, null, false);
    }
}
