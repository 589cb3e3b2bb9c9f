package org.efp.dr.common.events;

/** Recovery progress on {@value Topics#RECOVERIES}. */
public sealed interface RecoveryEvent extends DrEvent permits RecoveryStarted, RecoveryStepCompleted,
        RecoveryCompleted {

    String incidentId();

    @Override
    default String subject() {
        return incidentId();
    }
}
