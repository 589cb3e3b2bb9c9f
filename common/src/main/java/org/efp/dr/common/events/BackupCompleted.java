package org.efp.dr.common.events;

import java.time.Instant;

/**
 * A backup is complete: its manifest is in S3 at {@code location}. {@code consistentAt} is the instant the
 * backup's data reflects; {@code sha256} is the manifest's checksum.
 */
public record BackupCompleted(String backupId, String target, BackupKind kind, String location, long sizeBytes,
        long compressedBytes, String sha256, Instant startedAt, Instant completedAt, Instant consistentAt,
        Instant expiresAt, String requestId) implements BackupEvent {

    public BackupCompleted {
        Require.eventId(backupId, "backupId");
        Require.name(target, "target");
        Require.present(kind, "kind");
        Require.text(location, "location");
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("location must be an s3:// URI: " + location);
        }
        Require.notNegative(sizeBytes, "sizeBytes");
        Require.notNegative(compressedBytes, "compressedBytes");
        Require.present(Require.sha256(sha256, "sha256"), "sha256");
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.present(consistentAt, "consistentAt");
        Require.present(expiresAt, "expiresAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
        Require.ordered(completedAt, expiresAt, "completedAt", "expiresAt");
    }

    @Override
    public String subject() {
        return target;
    }
}
