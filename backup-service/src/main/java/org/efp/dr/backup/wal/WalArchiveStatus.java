package org.efp.dr.backup.wal;

import java.time.Instant;
import java.util.List;

/**
 * The continuous WAL archive as operators see it: whether it streams, how far S3 is behind (seconds of committed
 * WAL that would be lost if the primary vanished now), the last segment archived, and gaps found.
 */
public record WalArchiveStatus(boolean enabled, boolean streaming, String cluster, String shippedLsn,
        Instant caughtUpAt, double lagSeconds, String lastSegment, long segmentsArchived, List<String> gaps,
        String lastError) {
}
