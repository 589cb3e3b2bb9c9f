package org.efp.dr.metrics.monitor;

import java.time.Instant;
import java.util.List;

import org.efp.dr.common.events.RecoveryMonitored.Signal;

/**
 * The monitoring of one completed recovery, as stored: PENDING until its checks pass (PASSED) or its window ends
 * (FAILED); {@code signals} are those of the last round of checks.
 */
public record MonitorJob(String incidentId, String recoveryId, String component, String status, int attempts,
        Instant startedAt, Instant windowEndsAt, Instant nextCheckAt, Instant lastCheckedAt, Instant completedAt,
        List<Signal> signals) {

    public MonitorJob {
        signals = signals == null ? List.of() : List.copyOf(signals);
    }
}
