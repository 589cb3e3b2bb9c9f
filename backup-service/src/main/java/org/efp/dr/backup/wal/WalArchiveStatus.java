package org.efp.dr.backup.wal;

import java.time.Instant;
import java.util.List;

/**
 * The continuous WAL archive as operators see it: whether it streams, from which primary (and the topology
 * generation that named it, -1 while the configured primary stands), how far S3 is behind (seconds of committed
 * WAL that would be lost if the primary vanished now, counted from the last moment all of it was archived), the
 * last segment archived, the primary's timeline, and gaps found (segment names, and the LSN ranges they span).
 */
public record WalArchiveStatus(boolean enabled, boolean streaming, String cluster, String shippedLsn,
        Instant caughtUpAt, double lagSeconds, String lastSegment, long segmentsArchived, List<String> gaps,
        String lastError, String primary, Integer timeline, long topologyGeneration, List<String> gapRanges) {
}
