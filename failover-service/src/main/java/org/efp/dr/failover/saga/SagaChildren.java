package org.efp.dr.failover.saga;

import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.failover.recovery.JobStore;

/** The recoveries a saga asked for ({@code child_recovery}); their RecoveryCompleted wakes the saga. */
@ApplicationScoped
public class SagaChildren {

    /** A child: its step, deadline and, once it ended, its status and error. */
    public record Child(String recoveryId, String parentId, int step, Instant deadline, String status, String error) {
    }

    private final Jdbc jdbc;
    private final JobStore jobs;

    public SagaChildren(DataSource dataSource, JobStore jobs) {
        this.jdbc = new Jdbc(dataSource);
        this.jobs = jobs;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted event) {
        int updated = update("UPDATE child_recovery SET status = ?, error = ?, completed_at = now() "
                + "WHERE recovery_id = ? AND status IS NULL", event.status().name(), event.error(), event.recoveryId());
        if (updated == 1) {
            jobs.wake(event.recoveryId());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String recoveryId, String parentId, int step, Instant deadline) {
        update("INSERT INTO child_recovery (recovery_id, parent_id, step, deadline) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", recoveryId, parentId, step, deadline);
    }

    public Optional<Child> find(String parentId, int step) {
        return jdbc.one("read saga children", "SELECT recovery_id, parent_id, step, deadline, status, error "
                + "FROM child_recovery WHERE parent_id = ? AND step = ?", rs -> new Child(rs.getString(1),
                        rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        rs.getString(6)), parentId, step);
    }

    private int update(String sql, Object... args) {
        return jdbc.update("saga child update", sql, args);
    }
}
