package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A recovery ended. {@code recoveredTo} is the instant the recovered data reflects, {@code dataLossSeconds} the
 * data lost (outage start minus recoveredTo, never negative); {@code restoredFrom} names the backup or standby.
 */
public record RecoveryCompleted(String incidentId, String recoveryId, String component, RecoveryAction action,
        RecoveryStatus status, Instant startedAt, Instant completedAt, String restoredFrom, Instant recoveredTo,
        Long dataLossSeconds, String error, List<String> nextSteps) implements RecoveryEvent {

    public RecoveryCompleted {
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.present(action, "action");
        Require.present(status, "status");
        if (status == RecoveryStatus.SKIPPED) {
            throw new IllegalArgumentException("status of a whole recovery is SUCCEEDED, FAILED or ROLLED_BACK");
        }
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
        Require.notNegative(dataLossSeconds, "dataLossSeconds");
        if (status != RecoveryStatus.SUCCEEDED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("error is required when status is " + status);
        }
        nextSteps = Require.list(nextSteps);
    }
}
