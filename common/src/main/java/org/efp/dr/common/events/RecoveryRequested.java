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
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.present(action, "action");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        Require.optionalEventId(backupId, "backupId");
        if (target != null && (target.length() > 512 || target.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("target must be at most 512 characters with no control characters: "
                    + Require.abbreviate(target));
        }
        parameters = Require.map(parameters);
        if (parameters.size() > 32) {
            throw new IllegalArgumentException("at most 32 parameters, were " + parameters.size());
        }
        parameters.forEach((key, value) -> {
            if (key == null || !key.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("parameter names must be 1-64 letters, digits, '.', '_' or '-': "
                        + (key == null ? "null" : Require.abbreviate(key)));
            }
            if (value == null || value.length() > 1024) {
                throw new IllegalArgumentException("parameter " + key + " must have a value of at most 1024 "
                        + "characters");
            }
        });
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
