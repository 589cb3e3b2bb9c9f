package org.efp.dr.common.events;

import java.time.Instant;

/** Someone (an operator, a drill, a schedule) asks for a backup of {@code target}. */
public record BackupRequested(String requestId, String target, BackupKind kind, String reason, String requestedBy,
        Instant requestedAt) implements CommandEvent {

    public BackupRequested {
        Require.eventId(requestId, "requestId");
        Require.name(target, "target");
        Require.present(kind, "kind");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
    }

    @Override
    public String subject() {
        return target;
    }
}
