package org.efp.dr.metrics.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.efp.dr.common.postgres.Jdbc;

/**
 * An incident's stored recovery metrics, as the REST API and the report show them; {@code monitoring} is the state
 * of the checks after its recovery (PENDING, PASSED, FAILED; null before one completed).
 */
public record IncidentView(String incidentId, String component, String severity, String state,
        Instant outageStartedAt, Instant detectedAt, Long timeToDetectSeconds, Long timeToRespondSeconds,
        Long timeToRecoverSeconds, Long dataLossSeconds, Boolean rtoMet, Boolean rpoMet, long version,
        Instant updatedAt, String monitoring) {

    static final String SELECT = "SELECT incident_id, component, severity, state, outage_started_at, detected_at, "
            + "time_to_detect_seconds, time_to_respond_seconds, time_to_recover_seconds, data_loss_seconds, rto_met, "
            + "rpo_met, version, updated_at, monitoring FROM incident";

    static IncidentView from(ResultSet rs) throws SQLException {
        return new IncidentView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), Jdbc.longOrNull(rs, 7), Jdbc.longOrNull(rs, 8),
                Jdbc.longOrNull(rs, 9), Jdbc.longOrNull(rs, 10), Jdbc.boolOrNull(rs, 11), Jdbc.boolOrNull(rs, 12),
                rs.getLong(13), Jdbc.instant(rs, 14), rs.getString(15));
    }
}
