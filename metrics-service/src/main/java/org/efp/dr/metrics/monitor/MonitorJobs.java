package org.efp.dr.metrics.monitor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.efp.dr.common.postgres.Jdbc;

/**
 * Monitorings in the {@code recovery_monitor} table. A round of checks is claimed by moving the row's
 * {@code next_check_at} past the claim timeout ({@code FOR UPDATE SKIP LOCKED}, so replicas never check the same
 * recovery at once); a crashed instance's claim simply expires and another instance (or the restarted one) goes on.
 */
@ApplicationScoped
public class MonitorJobs {

    private static final String COLUMNS = "incident_id, recovery_id, component, status, attempts, started_at, "
            + "window_ends_at, next_check_at, last_checked_at, completed_at, signals";
    private static final TypeReference<List<Signal>> SIGNALS = new TypeReference<>() {
    };

    private final Jdbc jdbc;

    public MonitorJobs(AgroalDataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates the monitoring of a recovery unless it exists (a re-sent RecoveryCompleted changes nothing). */
    public boolean create(String incidentId, String recoveryId, String component, Instant startedAt,
            Instant windowEndsAt) {
        return jdbc.update("recovery_monitor update",
                "INSERT INTO recovery_monitor (incident_id, recovery_id, component, status, "
                + "attempts, started_at, window_ends_at, next_check_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", incidentId, recoveryId, component, startedAt,
                windowEndsAt, startedAt) == 1;
    }

    /** The state of a recovery's monitoring, if it has one. */
    public Optional<String> status(String incidentId, String recoveryId) {
        return jdbc.one("recovery_monitor query",
                "SELECT status FROM recovery_monitor WHERE incident_id = ? AND recovery_id = ?",
                rs -> rs.getString(1), incidentId, recoveryId);
    }

    /** Claims up to {@code limit} due monitorings until {@code claimedUntil}; needs the caller's transaction. */
    public List<MonitorJob> claimDue(Instant now, Instant claimedUntil, int limit) {
        return jdbc.query("recovery_monitor query", "UPDATE recovery_monitor SET next_check_at = ? WHERE (incident_id, "
                + "recovery_id) IN (SELECT incident_id, recovery_id FROM recovery_monitor WHERE status = 'PENDING' "
                + "AND next_check_at <= ? ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS,
                MonitorJobs::job, claimedUntil, now, limit);
    }

    /** The monitoring, locked until the transaction ends, if it is still PENDING. */
    public Optional<MonitorJob> lockPending(String incidentId, String recoveryId) {
        return jdbc.one("recovery_monitor query",
                "SELECT " + COLUMNS + " FROM recovery_monitor WHERE incident_id = ? AND "
                + "recovery_id = ? AND status = 'PENDING' FOR UPDATE", MonitorJobs::job, incidentId, recoveryId);
    }

    /** A round that did not pass: the next one is due at {@code nextCheckAt}. */
    public void saveAttempt(MonitorJob job, List<Signal> signals, Instant now, Instant nextCheckAt) {
        jdbc.update("recovery_monitor update",
                "UPDATE recovery_monitor SET attempts = attempts + 1, last_checked_at = ?, "
                + "next_check_at = ?, signals = ? WHERE incident_id = ? AND recovery_id = ?", now,
                nextCheckAt, json(signals), job.incidentId(), job.recoveryId());
    }

    /** The outcome (PASSED or FAILED) of the last round. */
    public void finish(MonitorJob job, String status, List<Signal> signals, Instant now) {
        jdbc.update("recovery_monitor update", "UPDATE recovery_monitor SET status = ?, attempts = attempts + 1, "
                + "last_checked_at = ?, completed_at = ?, signals = ? WHERE incident_id = ? AND recovery_id = ?",
                status, now, now, json(signals), job.incidentId(), job.recoveryId());
    }

    /** The monitorings of an incident's recoveries, by recovery id. */
    public List<MonitorJob> ofIncident(String incidentId) {
        return jdbc.query("recovery_monitor query",
                "SELECT " + COLUMNS + " FROM recovery_monitor WHERE incident_id = ? "
                + "ORDER BY recovery_id", MonitorJobs::job, incidentId);
    }

    private static MonitorJob job(ResultSet rs) throws SQLException {
        return new MonitorJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                Jdbc.instant(rs, 6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8), Jdbc.instant(rs, 9),
                Jdbc.instant(rs, 10), signals(rs.getString(11)));
    }

    private static List<Signal> signals(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return EventCodec.mapper().readValue(json, SIGNALS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored monitoring signals unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(List<Signal> signals) {
        try {
            return EventCodec.mapper().writeValueAsString(signals);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store monitoring signals", e);
        }
    }
}
