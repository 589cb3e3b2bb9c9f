package org.efp.dr.failover.saga;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.failover.recovery.JobStore;

/** The recoveries a saga asked for ({@code child_recovery}); their RecoveryCompleted wakes the saga. */
@ApplicationScoped
public class SagaChildren {

    /** A child: its step, deadline and, once it ended, its status and error. */
    public record Child(String recoveryId, String parentId, int step, Instant deadline, String status, String error) {
    }

    private final DataSource dataSource;
    private final JobStore jobs;

    public SagaChildren(DataSource dataSource, JobStore jobs) {
        this.dataSource = dataSource;
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
                + "ON CONFLICT DO NOTHING", recoveryId, parentId, step, Timestamp.from(deadline));
    }

    public Optional<Child> find(String parentId, int step) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT recovery_id, parent_id, step, deadline, status, "
                        + "error FROM child_recovery WHERE parent_id = ? AND step = ?")) {
            ps.setString(1, parentId);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Child(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read saga children: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("saga child update failed: " + e.getMessage(), e);
        }
    }
}
