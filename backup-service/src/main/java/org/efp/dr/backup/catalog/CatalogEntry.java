package org.efp.dr.backup.catalog;

import java.time.Instant;

import org.efp.dr.common.events.BackupKind;

/** One backup as the catalog knows it. */
public record CatalogEntry(String backupId, String target, BackupKind kind, BackupStatus status, String requestId,
        String reason, String requestedBy, String prefix, String location, Long sizeBytes, Long compressedBytes,
        String manifestSha256, long bytesDone, Instant queuedAt, Instant startedAt, Instant heartbeatAt,
        Instant completedAt, Instant consistentAt, Instant expiresAt, String owner, String failureReason,
        String error) {
}
