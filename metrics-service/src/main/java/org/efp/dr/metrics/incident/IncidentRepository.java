package org.efp.dr.metrics.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.IncidentMeasures;
import org.efp.dr.metrics.model.RecoveryRun;

/** Incidents, their recovery runs and steps in the {@code metrics} schema. Writes need the caller's transaction. */
@ApplicationScoped
public class IncidentRepository {

    private final Jdbc jdbc;

    public IncidentRepository(AgroalDataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates the incident row if needed and locks it until the transaction ends. */
    public void lock(String incidentId) {
        jdbc.update("incident update",
                "INSERT INTO incident (incident_id) VALUES (?) ON CONFLICT DO NOTHING", incidentId);
        jdbc.one("incident query", "SELECT 1 FROM incident WHERE incident_id = ? FOR UPDATE", rs -> true, incidentId);
    }

    /** Records when and by whom the incident was resolved (the earliest report counts). */
    public void saveResolved(String incidentId, java.time.Instant at, String by) {
        jdbc.update("incident update", "UPDATE incident SET resolved_at = ?, resolved_by = ? WHERE incident_id = ? "
                + "AND (resolved_at IS NULL OR resolved_at > ?)", at, by, incidentId, at);
    }

    public void saveOutage(Incident incident) {
        jdbc.update("incident update", "UPDATE incident SET component = ?, severity = ?, outage_started_at = ?, "
                + "detected_at = ? WHERE incident_id = ?", incident.component(), incident.severity().name(),
                incident.outageStartedAt(), incident.detectedAt(), incident.incidentId());
    }

    /** Folds what one event says about a run into it; earliest instants and first-known values win. */
    public void mergeRun(String incidentId, RecoveryRun run) {
        jdbc.update("incident update", """
                INSERT INTO incident_recovery (incident_id, recovery_id, component, started_at, completed_at, status,
                    recovered_to, data_loss_seconds, monitoring) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (incident_id, recovery_id) DO UPDATE SET
                    started_at = LEAST(incident_recovery.started_at, EXCLUDED.started_at),
                    completed_at = LEAST(incident_recovery.completed_at, EXCLUDED.completed_at),
                    status = COALESCE(incident_recovery.status, EXCLUDED.status),
                    recovered_to = COALESCE(incident_recovery.recovered_to, EXCLUDED.recovered_to),
                    data_loss_seconds = COALESCE(incident_recovery.data_loss_seconds, EXCLUDED.data_loss_seconds),
                    monitoring = COALESCE(incident_recovery.monitoring, EXCLUDED.monitoring)
                """, incidentId, run.recoveryId(), run.component(), run.startedAt(),
                run.completedAt(), run.status() == null ? null : run.status().name(),
                run.recoveredTo(), run.dataLossSeconds(), run.monitoring());
    }

    /** The outcome of a run's monitoring (PASSED or FAILED), replacing PENDING. */
    public void saveMonitoring(String incidentId, String recoveryId, String monitoring) {
        jdbc.update("incident update",
                "UPDATE incident_recovery SET monitoring = ? WHERE incident_id = ? AND recovery_id = ?",
                monitoring, incidentId, recoveryId);
    }

    public void addStep(RecoveryStepCompleted step) {
        jdbc.update("incident update", "INSERT INTO incident_step (incident_id, recovery_id, step_index, step, status, "
                + "started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", step.incidentId(),
                step.recoveryId(), step.stepIndex(), step.step(), step.status().name(), step.startedAt(),
                step.completedAt());
    }

    public Incident load(String incidentId) {
        List<RecoveryRun> runs = jdbc.query("incident query", "SELECT recovery_id, component, started_at, "
                + "completed_at, status, recovered_to, data_loss_seconds, monitoring FROM incident_recovery "
                + "WHERE incident_id = ? ORDER BY recovery_id", rs -> new RecoveryRun(rs.getString(1),
                        rs.getString(2), Jdbc.instant(rs, 3), Jdbc.instant(rs, 4),
                        rs.getString(5) == null ? null : RecoveryStatus.valueOf(rs.getString(5)),
                        Jdbc.instant(rs, 6), Jdbc.longOrNull(rs, 7), rs.getString(8)), incidentId);
        return jdbc.one("incident query", "SELECT component, severity, outage_started_at, detected_at, resolved_at "
                + "FROM incident WHERE incident_id = ?", rs -> new Incident(incidentId, rs.getString(1),
                        rs.getString(2) == null ? null : Severity.valueOf(rs.getString(2)), Jdbc.instant(rs, 3),
                        Jdbc.instant(rs, 4), runs, Jdbc.instant(rs, 5)), incidentId)
                .orElse(Incident.unknown(incidentId));
    }

    /** The measures last stored (all null before the first measurement). */
    public IncidentMeasures storedMeasures(String incidentId) {
        return jdbc.one("incident query", "SELECT state, time_to_detect_seconds, time_to_respond_seconds, "
                + "time_to_recover_seconds, data_loss_seconds, rto_met, rpo_met, monitoring FROM incident "
                + "WHERE incident_id = ?",
                IncidentRepository::measures, incidentId).orElseThrow();
    }

    /** Stores new measures and returns the incident's new version. */
    public long saveMeasures(String incidentId, IncidentMeasures m, Instant nextDeadline, Instant now) {
        return jdbc.one("incident query", "UPDATE incident SET state = ?, time_to_detect_seconds = ?, "
                + "time_to_respond_seconds = ?, time_to_recover_seconds = ?, data_loss_seconds = ?, rto_met = ?, "
                + "rpo_met = ?, monitoring = ?, next_deadline_at = ?, updated_at = ?, version = version + 1 "
                + "WHERE incident_id = ? RETURNING version", rs -> rs.getLong(1), m.state(), m.timeToDetectSeconds(),
                m.timeToRespondSeconds(), m.timeToRecoverSeconds(), m.dataLossSeconds(), m.rtoMet(), m.rpoMet(),
                m.monitoring(),
                nextDeadline, now, incidentId).orElseThrow();
    }

    public void saveDeadline(String incidentId, Instant nextDeadline) {
        jdbc.update("incident update", "UPDATE incident SET next_deadline_at = ? WHERE incident_id = ?",
                nextDeadline, incidentId);
    }

    /** Open incidents whose next deadline has passed. */
    public List<String> due(Instant now, int limit) {
        return jdbc.query("incident query", "SELECT incident_id FROM incident WHERE next_deadline_at <= ? "
                + "ORDER BY next_deadline_at LIMIT ?", rs -> rs.getString(1), now, limit);
    }

    /** Open incidents per component. */
    public Map<String, Long> openByComponent() {
        Map<String, Long> open = new HashMap<>();
        jdbc.query("incident query", "SELECT component, count(*) FROM incident WHERE state IS NOT NULL "
                + "AND state NOT IN ('RECOVERED', 'RESOLVED') GROUP BY component", rs -> open.put(rs.getString(1), rs.getLong(2)));
        return open;
    }

    public Optional<IncidentView> find(String incidentId) {
        return jdbc.one("incident query", IncidentView.SELECT + " WHERE incident_id = ? AND state IS NOT NULL",
                IncidentView::from, incidentId);
    }

    public List<IncidentView> list(boolean openOnly, int limit) {
        return jdbc.query("incident query", IncidentView.SELECT + " WHERE state IS NOT NULL"
                + (openOnly ? " AND state NOT IN ('RECOVERED', 'RESOLVED')" : "") + " ORDER BY outage_started_at DESC LIMIT ?",
                IncidentView::from, limit);
    }

    private static IncidentMeasures measures(ResultSet rs) throws SQLException {
        return new IncidentMeasures(rs.getString(1), Jdbc.longOrNull(rs, 2), Jdbc.longOrNull(rs, 3),
                Jdbc.longOrNull(rs, 4), Jdbc.longOrNull(rs, 5), Jdbc.boolOrNull(rs, 6), Jdbc.boolOrNull(rs, 7),
                rs.getString(8));
    }
}
