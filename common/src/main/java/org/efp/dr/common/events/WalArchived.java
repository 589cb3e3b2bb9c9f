package org.efp.dr.common.events;

import java.time.Instant;

/**
 * The continuous WAL archive of {@code target} moved forward: every commit up to {@code archivedTo} is in S3, so
 * the database can be restored to any instant up to there. Published every few seconds while archiving runs; it
 * is what keeps a database's RPO exposure at seconds between full backups.
 */
public record WalArchived(String target, Instant archivedTo, String shippedLsn, String lastSegment,
        double lagSeconds, Instant reportedAt) implements BackupEvent {

    public WalArchived {
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
