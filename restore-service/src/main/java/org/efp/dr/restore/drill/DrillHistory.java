package org.efp.dr.restore.drill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.postgres.Jdbc;

/** Drill jobs with what they measured, newest first: the drill history operators and auditors read. */
@ApplicationScoped
public class DrillHistory {

    private static final String SELECT = "SELECT j.job_id, j.request, j.status, j.queued_at, j.started_at, "
            + "j.completed_at, j.restored_from, j.recovered_to, j.error, r.success, r.duration_seconds, "
            + "r.measured_rto_seconds, r.measured_rpo_seconds, r.rto_objective_seconds, r.rpo_objective_seconds "
            + "FROM restore_job j LEFT JOIN drill_result r ON r.job_id = j.job_id WHERE j.kind = 'DRILL' ";

    private final Jdbc jdbc;

    public DrillHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** One drill as the REST API shows it; measurements are absent until it ended. */
    public record Drill(String drillId, String scenario, String type, String requestedBy, String target,
            String status, Instant queuedAt, Instant startedAt, Instant completedAt, String restoredFrom,
            Instant backupConsistentAt, Boolean success, Long durationSeconds, Long measuredRtoSeconds,
            Long measuredRpoSeconds, Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, String error) {
    }

    /** Records what a drill measured (call inside the transaction that publishes its completion). */
    public void record(DrillCompleted c) {
        jdbc.update("drill_result insert " + c.drillId(), "INSERT INTO drill_result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (job_id) DO NOTHING", c.drillId(), c.scenario(), c.type(), c.success(),
                c.durationSeconds(), c.measuredRtoSeconds(), c.measuredRpoSeconds(), c.rtoObjectiveSeconds(),
                c.rpoObjectiveSeconds());
    }

    public List<Drill> recent(int limit) {
        return query(SELECT + "ORDER BY j.queued_at DESC LIMIT ?", limit);
    }

    public Optional<Drill> find(String drillId) {
        return query(SELECT + "AND j.job_id = ?", drillId).stream().findFirst();
    }

    private List<Drill> query(String sql, Object arg) {
        return jdbc.query("drill history query", sql, DrillHistory::drill, arg);
    }

    private static Drill drill(ResultSet rs) throws SQLException {
        DrillSpec spec = DrillQueue.decode(rs.getString("request"));
        return new Drill(rs.getString("job_id"), spec.scenario(), spec.type(), spec.requestedBy(), spec.target(),
                rs.getString("status"), Jdbc.instant(rs, "queued_at"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "completed_at"), rs.getString("restored_from"), Jdbc.instant(rs, "recovered_to"),
                rs.getObject("success", Boolean.class), rs.getObject("duration_seconds", Long.class),
                rs.getObject("measured_rto_seconds", Long.class), rs.getObject("measured_rpo_seconds", Long.class),
                rs.getObject("rto_objective_seconds", Long.class), rs.getObject("rpo_objective_seconds", Long.class),
                rs.getString("error"));
    }
}
