package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;

/** A recovery began; {@code eta} is when it is expected to end, {@code plannedSteps} what it will do in order. */
public record RecoveryStarted(String incidentId, String recoveryId, String component, RecoveryAction action,
        Instant startedAt, Instant eta, List<String> plannedSteps) implements RecoveryEvent {

    public RecoveryStarted {
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.present(action, "action");
        Require.present(startedAt, "startedAt");
        Require.present(eta, "eta");
        Require.ordered(startedAt, eta, "startedAt", "eta");
        plannedSteps = Require.list(plannedSteps);
    }
}
