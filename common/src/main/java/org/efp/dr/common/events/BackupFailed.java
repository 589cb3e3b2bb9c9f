package org.efp.dr.common.events;

import java.time.Instant;

/** A backup failed; nothing it wrote can be mistaken for a good backup. {@code reason} is a stable code. */
public record BackupFailed(String backupId, String target, BackupKind kind, String reason, String error,
        Instant startedAt, Instant failedAt, String requestId) implements BackupEvent {

    public BackupFailed {
        Require.eventId(backupId, "backupId");
        Require.name(target, "target");
        Require.present(kind, "kind");
        Require.text(reason, "reason");
        Require.text(error, "error");
        Require.present(startedAt, "startedAt");
        Require.present(failedAt, "failedAt");
        Require.ordered(startedAt, failedAt, "startedAt", "failedAt");
    }

    @Override
    public String subject() {
        return target;
    }
}
