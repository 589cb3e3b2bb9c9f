package org.efp.dr.common.events;

import java.time.Instant;

/** One step of a recovery ended. {@code stepIndex} counts from 0 in the order of the planned steps. */
public record RecoveryStepCompleted(String incidentId, String recoveryId, String step, int stepIndex,
        RecoveryStatus status, Instant startedAt, Instant completedAt, String detail) implements RecoveryEvent {

    /**
     * The step a recovery that is watched after it reports when what it restored serves again, before the watch: from
     * its end on, those who wait for the thing to serve (a system-recovery saga's next step) need not wait for the
     * watch, whose verdict still ends the recovery.
     */
    public static final String SERVING = "serving again";

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

    /** Whether this says that what the recovery restored serves again. */
    public boolean serving() {
        return SERVING.equals(step) && status == RecoveryStatus.SUCCEEDED;
    }
}
