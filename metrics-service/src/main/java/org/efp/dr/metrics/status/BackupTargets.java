package org.efp.dr.metrics.status;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.common.postgres.Jdbc;

/**
 * The newest backup of every target and the newest state of its WAL archive, for the status page. A replayed or
 * late event never moves a target back.
 */
@ApplicationScoped
public class BackupTargets {

    /** The newest backup of one target. */
    public record NewestBackup(String target, String backupId, String kind, Instant consistentAt,
            Instant completedAt, long sizeBytes) {
    }

    /** The newest report of one target's WAL archive; {@code gaps}: segments found missing. */
    public record WalState(String target, Instant archivedTo, double lagSeconds, int gaps, Instant reportedAt) {
    }

    private final Jdbc jdbc;

    public BackupTargets(AgroalDataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onBackup(BackupCompleted backup) {
        jdbc.update("backup target update", """
                INSERT INTO backup_target (target, backup_id, kind, consistent_at, completed_at, size_bytes)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (target) DO UPDATE SET backup_id = EXCLUDED.backup_id, kind = EXCLUDED.kind,
                    consistent_at = EXCLUDED.consistent_at, completed_at = EXCLUDED.completed_at,
                    size_bytes = EXCLUDED.size_bytes
                WHERE backup_target.consistent_at < EXCLUDED.consistent_at
                """, backup.target(), backup.backupId(), backup.kind().name(), backup.consistentAt(),
                backup.completedAt(), backup.sizeBytes());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onWalArchived(WalArchived wal) {
        jdbc.update("backup target update", """
                INSERT INTO wal_archive (target, archived_to, lag_seconds, gaps, reported_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (target) DO UPDATE SET archived_to = EXCLUDED.archived_to,
                    lag_seconds = EXCLUDED.lag_seconds, gaps = EXCLUDED.gaps, reported_at = EXCLUDED.reported_at
                WHERE wal_archive.reported_at < EXCLUDED.reported_at
                """, wal.target(), wal.archivedTo(), wal.lagSeconds(), wal.gaps().size(),
                wal.reportedAt());
    }

    public List<NewestBackup> newestBackups() {
        return jdbc.query("backup target query",
                "SELECT target, backup_id, kind, consistent_at, completed_at, size_bytes "
                + "FROM backup_target ORDER BY target", rs -> new NewestBackup(rs.getString(1), rs.getString(2),
                        rs.getString(3), Jdbc.instant(rs, 4), Jdbc.instant(rs, 5), rs.getLong(6)));
    }

    public List<WalState> walArchives() {
        return jdbc.query("backup target query", "SELECT target, archived_to, lag_seconds, gaps, reported_at "
                + "FROM wal_archive ORDER BY target", rs -> new WalState(rs.getString(1), Jdbc.instant(rs, 2),
                        rs.getDouble(3), rs.getInt(4), Jdbc.instant(rs, 5)));
    }
}
