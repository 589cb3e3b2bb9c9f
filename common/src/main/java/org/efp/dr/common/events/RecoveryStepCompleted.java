package org.efp.dr.common.events;

import java.time.Instant;

/** One step of a recovery ended. {@code stepIndex} counts from 0 in the order of the planned steps. */
public record RecoveryStepCompleted(String incidentId, String recoveryId, String step, int stepIndex,
        RecoveryStatus status, Instant startedAt, Instant completedAt, String detail) implements RecoveryEvent {

    public RecoveryStepCompleted {
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.text(step, "step");
        Require.notNegative(stepIndex, "stepIndex");
        Require.present(status, "status");
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
    }
}
