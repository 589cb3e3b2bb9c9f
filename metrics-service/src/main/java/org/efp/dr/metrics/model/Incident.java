package org.efp.dr.metrics.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;

/**
 * What is known about one incident: the outage (null fields until OutageDetected arrives) and its recovery runs.
 * Merging keeps the earliest instants and the worst severity, so event order and repeats do not matter.
 */
public record Incident(String incidentId, String component, Severity severity, Instant outageStartedAt,
        Instant detectedAt, List<RecoveryRun> recoveries, Instant resolvedAt) {

    public Incident {
        recoveries = List.copyOf(recoveries);
    }

    /** An incident not (yet) known to have ended without a recovery. */
    public Incident(String incidentId, String component, Severity severity, Instant outageStartedAt,
            Instant detectedAt, List<RecoveryRun> recoveries) {
        this(incidentId, component, severity, outageStartedAt, detectedAt, recoveries, null);
    }

    public static Incident unknown(String incidentId) {
        return new Incident(incidentId, null, null, null, null, List.of());
    }

    /** This incident ended at {@code at} (failover-service's IncidentResolved; the earliest one counts). */
    public Incident withResolved(Instant at) {
        return new Incident(incidentId, component, severity, outageStartedAt, detectedAt, recoveries,
                earliest(resolvedAt, at));
    }

    /** True once OutageDetected has been seen: only then are metrics measured and published. */
    public boolean outageKnown() {
        return severity != null && outageStartedAt != null && detectedAt != null && component != null;
    }

    /** This incident with an OutageDetected folded in. */
    public Incident withOutage(OutageDetected outage) {
        Severity worst = severity == null || outage.severity().compareTo(severity) < 0 ? outage.severity() : severity;
        return new Incident(incidentId, component == null ? outage.component() : component, worst,
                earliest(outageStartedAt, outage.outageStartedAt()), earliest(detectedAt, outage.detectedAt()),
                recoveries, resolvedAt);
    }

    /** When the first recovery started: the response. */
    public Optional<Instant> respondedAt() {
        return recoveries.stream().map(RecoveryRun::startedAt).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    /** The run that recovered the incident: the earliest successful one whose monitoring (if any) passed. */
    public Optional<RecoveryRun> recovery() {
        return recoveries.stream().filter(RecoveryRun::counts)
                .min(Comparator.comparing(RecoveryRun::completedAt).thenComparing(RecoveryRun::recoveryId));
    }

    /**
     * The monitoring state shown for the incident: that of the run that recovered it, else PENDING while a
     * successful run is being monitored, else FAILED when one failed its monitoring; null when none was monitored.
     */
    public String monitoring() {
        Optional<RecoveryRun> recovery = recovery();
        if (recovery.isPresent()) {
            return recovery.get().monitoring();
        }
        if (recoveries.stream().anyMatch(RecoveryRun::monitoringPending)) {
            return RecoveryRun.PENDING;
        }
        return recoveries.stream().anyMatch(r -> RecoveryRun.FAILED.equals(r.monitoring())) ? RecoveryRun.FAILED
                : null;
    }

    public boolean open() {
        return recovery().isEmpty() && resolvedAt == null;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
