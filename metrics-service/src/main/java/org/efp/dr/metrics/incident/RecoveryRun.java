package org.efp.dr.metrics.incident;

import java.time.Instant;

import org.efp.dr.common.events.RecoveryStatus;

/** One recovery attempt of an incident, as far as its events have told; unknown values are null. */
public record RecoveryRun(String recoveryId, String component, Instant startedAt, Instant completedAt,
        RecoveryStatus status, Instant recoveredTo, Long dataLossSeconds) {

    public boolean succeeded() {
        return status == RecoveryStatus.SUCCEEDED && completedAt != null;
    }

    public boolean ended() {
        return status != null && completedAt != null;
    }
}
