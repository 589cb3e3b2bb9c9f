package org.efp.dr.metrics.rpo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.FilesCovered;
import org.efp.dr.common.events.PoisonEventException;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.metrics.config.MetricsConfig;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.metrics.threshold.ThresholdPolicy;
import org.jboss.logging.Logger;

/**
 * Advances each component's newest recoverable point from BackupCompleted; for databases from WalArchived: the
 * continuous WAL archive makes every archived commit recoverable, so between full backups a database's exposure is
 * the archive's lag, not the age of its last dump; for models and configs from FilesCovered: files unchanged since
 * their backup lose nothing, so their exposure is the time since a change watch last knew them backed up, not the
 * age of the backup.
 */
@ApplicationScoped
public class RecoveryPoints {

    private static final Logger LOG = Logger.getLogger(RecoveryPoints.class);

    private final Jdbc jdbc;
    private final MetricsConfig config;
    private final ThresholdPolicy policy;
    private final RpoExposure exposure;

    public RecoveryPoints(AgroalDataSource dataSource, MetricsConfig config, ThresholdPolicy policy,
            RpoExposure exposure) {
        this.jdbc = new Jdbc(dataSource);
        this.config = config;
        this.policy = policy;
        this.exposure = exposure;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onBackup(BackupCompleted backup) {
        advance(backup.target(), backup.consistentAt(), backup.backupId(), backup.kind().name());
    }

    /** The continuous WAL archive reaches {@code archivedTo}: the database is recoverable up to there. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onWalArchived(WalArchived wal) {
        advance(wal.target(), wal.archivedTo(), "wal:" + wal.shippedLsn(), "WAL");
    }

    /** A change watch knows {@code target}'s files in use to be in a completed backup up to {@code coveredUntil}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onFilesCovered(FilesCovered covered) {
        advance(covered.target(), covered.coveredUntil(), "watch:" + covered.lastLookAt(), "CHANGE_WATCH");
    }

    private void advance(String target, Instant pointAt, String source, String kind) {
        Instant latest = exposure.now().plus(config.maxClockSkew());
        if (pointAt.isAfter(latest)) {
            throw new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD, "recovery point of " + target
                    + " at " + pointAt + " is in the future (more than " + config.maxClockSkew()
                    + " ahead of this service's clock); it would hide the real RPO exposure", null);
        }
        Optional<String> component = config.componentOfTarget(target)
                .or(() -> policy.objective(target).map(o -> o.component()));
        if (component.isEmpty()) {
            LOG.debugf("recovery point of a target without component target=%s source=%s", target, source);
            return;
        }
        jdbc.update("recovery point update", """
                INSERT INTO recovery_point (component, newest_point_at, backup_id, target, kind)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (component) DO UPDATE SET newest_point_at = EXCLUDED.newest_point_at,
                    backup_id = EXCLUDED.backup_id, target = EXCLUDED.target, kind = EXCLUDED.kind
                WHERE recovery_point.newest_point_at < EXCLUDED.newest_point_at
                """, component.get(), pointAt, source, target, kind);
        exposure.afterCommitAdvance(new RecoveryPoint(component.get(), pointAt, source, target, kind));
    }

    public List<RecoveryPoint> all() {
        return jdbc.query("recovery point query", "SELECT component, newest_point_at, backup_id, target, kind "
                + "FROM recovery_point ORDER BY component", rs -> new RecoveryPoint(rs.getString(1),
                        Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }
}
