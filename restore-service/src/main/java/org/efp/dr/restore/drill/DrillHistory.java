package org.efp.dr.restore.drill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.DrillCompleted;

/** Drill jobs with what they measured, newest first: the drill history operators and auditors read. */
@ApplicationScoped
public class DrillHistory {

    private static final String SELECT = "SELECT j.job_id, j.request, j.status, j.queued_at, j.started_at, "
            + "j.completed_at, j.restored_from, j.recovered_to, j.error, r.success, r.duration_seconds, "
            + "r.measured_rto_seconds, r.measured_rpo_seconds, r.rto_objective_seconds, r.rpo_objective_seconds "
            + "FROM restore_job j LEFT JOIN drill_result r ON r.job_id = j.job_id WHERE j.kind = 'DRILL' ";

    private final DataSource dataSource;

    public DrillHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One drill as the REST API shows it; measurements are absent until it ended. */
    public record Drill(String drillId, String scenario, String type, String requestedBy, String target,
            String status, Instant queuedAt, Instant startedAt, Instant completedAt, String restoredFrom,
            Instant backupConsistentAt, Boolean success, Long durationSeconds, Long measuredRtoSeconds,
            Long measuredRpoSeconds, Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, String error) {
    }

    /** Records what a drill measured (call inside the transaction that publishes its completion). */
    public void record(DrillCompleted c) {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO drill_result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING")) {
            ps.setString(1, c.drillId());
            ps.setString(2, c.scenario());
            ps.setString(3, c.type());
            ps.setBoolean(4, c.success());
            ps.setLong(5, c.durationSeconds());
            ps.setObject(6, c.measuredRtoSeconds());
            ps.setObject(7, c.measuredRpoSeconds());
            ps.setObject(8, c.rtoObjectiveSeconds());
            ps.setObject(9, c.rpoObjectiveSeconds());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record drill " + c.drillId() + ": " + e.getMessage(), e);
        }
    }

    public List<Drill> recent(int limit) {
        return query(SELECT + "ORDER BY j.queued_at DESC LIMIT ?", limit);
    }

    public Optional<Drill> find(String drillId) {
        return query(SELECT + "AND j.job_id = ?", drillId).stream().findFirst();
    }

    private List<Drill> query(String sql, Object arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            List<Drill> drills = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DrillSpec spec = DrillQueue.decode(rs.getString("request"));
                    drills.add(new Drill(rs.getString("job_id"), spec.scenario(), spec.type(), spec.requestedBy(),
                            spec.target(), rs.getString("status"), instant(rs, "queued_at"),
                            instant(rs, "started_at"), instant(rs, "completed_at"), rs.getString("restored_from"),
                            instant(rs, "recovered_to"), rs.getObject("success", Boolean.class),
                            rs.getObject("duration_seconds", Long.class),
                            rs.getObject("measured_rto_seconds", Long.class),
                            rs.getObject("measured_rpo_seconds", Long.class),
                            rs.getObject("rto_objective_seconds", Long.class),
                            rs.getObject("rpo_objective_seconds", Long.class), rs.getString("error")));
                }
            }
            return drills;
        } catch (SQLException e) {
            throw new IllegalStateException("drill history query failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
