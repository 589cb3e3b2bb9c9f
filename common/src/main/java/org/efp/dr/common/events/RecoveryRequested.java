package org.efp.dr.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * A request to run one recovery action for an incident. {@code backupId} chooses a backup and
 * {@code pointInTime} a recovery target time for restores; both absent means "latest good".
 */
public record RecoveryRequested(String incidentId, String recoveryId, String component, RecoveryAction action,
        String target, String backupId, Instant pointInTime, boolean dryRun, String requestedBy,
        Instant requestedAt, Map<String, String> parameters) implements CommandEvent {

    public RecoveryRequested {
        Require.text(incidentId, "incidentId");
        Require.text(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.present(action, "action");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        parameters = Require.map(parameters);
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
