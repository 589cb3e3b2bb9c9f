package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The continuous WAL archive of {@code target} moved forward: every commit up to {@code archivedTo} is in S3, so
 * the database can be restored to any instant up to there. Published every few seconds while archiving runs; it
 * is what keeps a database's RPO exposure at seconds between full backups. {@code gaps}: segments found missing
 * from the archive (e.g. WAL lost across a failover), empty when it is continuous; absent in older events.
 */
public record WalArchived(String target, Instant archivedTo, String shippedLsn, String lastSegment,
        double lagSeconds, Instant reportedAt, List<String> gaps) implements BackupEvent {

    /** An event without gap information (as published before gaps were reported). */
    public WalArchived(String target, Instant archivedTo, String shippedLsn, String lastSegment, double lagSeconds,
            Instant reportedAt) {
        this(target, archivedTo, shippedLsn, lastSegment, lagSeconds, reportedAt, List.of());
    }

    public WalArchived {
        gaps = Require.list(gaps);
        Require.name(target, "target");
        Require.present(archivedTo, "archivedTo");
        Require.text(shippedLsn, "shippedLsn");
        Require.present(reportedAt, "reportedAt");
        if (lagSeconds < 0 || Double.isNaN(lagSeconds)) {
            throw new IllegalArgumentException("lagSeconds must be a non-negative number: " + lagSeconds);
        }
    }

    @Override
    public String subject() {
        return target;
    }
}
