package org.efp.dr.metrics.drill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.efp.dr.common.postgres.Jdbc;

/**
 * The report of one drill (the guide's generate_test_report): outcome, duration, and the measured RTO and RPO
 * against their objectives ({@code rtoMet}/{@code rpoMet} null when either side is unknown).
 */
public record DrillReport(String drillId, String scenario, String type, boolean success, Instant startedAt,
        Instant completedAt, long durationSeconds, Long measuredRtoSeconds, Long measuredRpoSeconds,
        Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, Boolean rtoMet, Boolean rpoMet, String error) {

    static final String SELECT = "SELECT drill_id, scenario, type, success, started_at, completed_at, "
            + "duration_seconds, measured_rto_seconds, measured_rpo_seconds, rto_objective_seconds, "
            + "rpo_objective_seconds, error FROM drill";

    static DrillReport from(ResultSet rs) throws SQLException {
        Long rto = Jdbc.longOrNull(rs, 8);
        Long rpo = Jdbc.longOrNull(rs, 9);
        Long rtoObjective = Jdbc.longOrNull(rs, 10);
        Long rpoObjective = Jdbc.longOrNull(rs, 11);
        return new DrillReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), rs.getLong(7), rto, rpo, rtoObjective, rpoObjective,
                met(rto, rtoObjective), met(rpo, rpoObjective), rs.getString(12));
    }

    private static Boolean met(Long measured, Long objective) {
        return measured == null || objective == null ? null : measured <= objective;
    }

    /** How much of its RTO objective the drill used, in percent (for the timeline); null without objective. */
    public Long rtoUsedPercent() {
        long measured = measuredRtoSeconds != null ? measuredRtoSeconds : durationSeconds;
        return rtoObjectiveSeconds == null || rtoObjectiveSeconds == 0 ? null : measured * 100 / rtoObjectiveSeconds;
    }
}
