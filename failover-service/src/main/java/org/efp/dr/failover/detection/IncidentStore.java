package org.efp.dr.failover.detection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.Severity;
import org.efp.dr.common.postgres.Jdbc;

/** Incidents in the {@code incident} table; joins the caller's transaction. */
@ApplicationScoped
public class IncidentStore {

    /** What opening did: a new incident, or a repeat of an open one with the same fingerprint. */
    public record Opened(Incident incident, boolean created) {
    }

    private static final String COLUMNS = "incident_id, fingerprint, component, severity, impact, source, status, "
            + "outage_started_at, detected_at, resolved_at, repeats, decision";

    private final Jdbc jdbc;

    public IncidentStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Opens an incident, or counts a repeat when one with the same fingerprint is open. */
    public Opened open(String incidentId, Declaration d) {
        String sql = "INSERT INTO incident (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, NULL, 0, NULL) "
                + "ON CONFLICT (fingerprint) WHERE status = 'OPEN' DO UPDATE SET repeats = incident.repeats + 1 "
                + "RETURNING " + COLUMNS + ", (xmax = 0) AS inserted";
        return jdbc.one("open incident", sql, rs -> new Opened(read(rs), rs.getBoolean("inserted")), incidentId,
                d.fingerprint(), d.component(), d.severity().name(), d.impact(), d.source(), d.outageStartedAt(),
                d.detectedAt()).orElseThrow();
    }

    /** Closes the open incident with {@code fingerprint}, if any. */
    public Optional<Incident> resolve(String fingerprint, Instant at) {
        return single("UPDATE incident SET status = 'RESOLVED', resolved_at = ? WHERE fingerprint = ? "
                + "AND status = 'OPEN' RETURNING " + COLUMNS, at, fingerprint);
    }

    /** Closes the incident {@code incidentId} if it is open (an operator's resolve). */
    public Optional<Incident> resolveById(String incidentId, Instant at) {
        return single("UPDATE incident SET status = 'RESOLVED', resolved_at = ? WHERE incident_id = ? "
                + "AND status = 'OPEN' RETURNING " + COLUMNS, at, incidentId);
    }

    /** Records what the runbook decided for the incident and why. */
    public void decided(String incidentId, String decision) {
        single("UPDATE incident SET decision = ? WHERE incident_id = ? RETURNING " + COLUMNS, decision, incidentId);
    }

    /** Records that the incident joined {@code recoveryId} ({@code null}: it no longer waits on one). */
    public void joined(String incidentId, String recoveryId) {
        single("UPDATE incident SET joined_recovery = ? WHERE incident_id = ? RETURNING " + COLUMNS, recoveryId,
                incidentId);
    }

    /** The open incidents that joined {@code recoveryId}, oldest first. */
    public List<Incident> openJoined(String recoveryId) {
        return list("SELECT " + COLUMNS + " FROM incident WHERE joined_recovery = ? AND status = 'OPEN' "
                + "ORDER BY detected_at, incident_id", recoveryId);
    }

    /** Counts a recovery tried for the incident and remembers it as the newest; returns the tries so far. */
    public int attempted(String incidentId, String recoveryId) {
        return count("UPDATE incident SET recovery_attempts = recovery_attempts + 1, last_recovery = ?, "
                + "retry_at = NULL WHERE incident_id = ? RETURNING recovery_attempts", recoveryId, incidentId);
    }

    /** The recoveries tried for the incident so far, and the newest one ({@code null} before the first). */
    public record Attempts(int count, String lastRecovery) {
    }

    public Attempts attempts(String incidentId) {
        return jdbc.one("read the incident's recoveries", "SELECT recovery_attempts, last_recovery FROM incident "
                + "WHERE incident_id = ?", rs -> new Attempts(rs.getInt(1), rs.getString(2)), incidentId)
                .orElse(new Attempts(0, null));
    }

    /** Schedules the next recovery of an open incident at {@code at}. */
    public void retryAt(String incidentId, Instant at) {
        single("UPDATE incident SET retry_at = ? WHERE incident_id = ? AND status = 'OPEN' RETURNING " + COLUMNS,
                at, incidentId);
    }

    /**
     * The open incidents whose next recovery is due at {@code now}, taken (their due time cleared) so that one
     * replica tries each; at most {@code limit}, the longest due first.
     */
    public List<Incident> takeDueRetries(Instant now, int limit) {
        return list("UPDATE incident SET retry_at = NULL WHERE incident_id IN (SELECT incident_id FROM incident "
                + "WHERE status = 'OPEN' AND retry_at <= ? ORDER BY retry_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "RETURNING " + COLUMNS, now, limit);
    }

    /**
     * The open incidents that joined a recovery which no longer holds its component (it failed, its settle time after
     * succeeding ran out, or its claim expired), taken (no longer joined) so that one replica decides each again; at
     * most {@code limit}, the oldest first. One still open then is still broken: its alert still fires.
     */
    public List<Incident> takeOrphanedJoins(int limit) {
        return list("UPDATE incident SET joined_recovery = NULL WHERE incident_id IN (SELECT i.incident_id "
                + "FROM incident i WHERE i.status = 'OPEN' AND i.joined_recovery IS NOT NULL AND NOT EXISTS ("
                + "SELECT 1 FROM component_recovery c WHERE c.recovery_id = i.joined_recovery "
                + "AND c.expires_at > now()) ORDER BY i.detected_at LIMIT ? FOR UPDATE OF i SKIP LOCKED) "
                + "RETURNING " + COLUMNS, limit);
    }

    private int count(String sql, Object... args) {
        return jdbc.one("update the incident", sql, rs -> rs.getInt(1), args).orElse(0);
    }

    public Optional<Incident> find(String incidentId) {
        return single("SELECT " + COLUMNS + " FROM incident WHERE incident_id = ?", incidentId);
    }

    public Optional<Incident> openByFingerprint(String fingerprint) {
        return single("SELECT " + COLUMNS + " FROM incident WHERE fingerprint = ? AND status = 'OPEN'", fingerprint);
    }

    /** The first incident of {@code component} detected at or after {@code since}. */
    public Optional<Incident> firstSince(String component, Instant since) {
        return single("SELECT " + COLUMNS + " FROM incident WHERE component = ? AND detected_at >= ?"
                + " ORDER BY detected_at, incident_id LIMIT 1", component, since);
    }

    /**
     * The newest incident of each of {@code components} detected after {@code after}: with {@code openOnly} only open
     * ones; with {@code recovering} only ones a recovery was started for or joined, a standby's re-sync excepted (a
     * standby lost is not the component lost).
     */
    public List<Incident> newest(List<String> components, Instant after, boolean openOnly, boolean recovering) {
        return list("SELECT DISTINCT ON (component) " + COLUMNS + " FROM incident i WHERE component = ANY (?) "
                + "AND detected_at > ? AND (NOT ? OR status = 'OPEN') AND (NOT ? OR ((last_recovery IS NOT NULL "
                + "OR joined_recovery IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM recovery_job j "
                + "WHERE j.recovery_id = coalesce(i.last_recovery, i.joined_recovery) "
                + "AND j.action = 'DATABASE_REJOIN'))) ORDER BY component, detected_at DESC, incident_id",
                components.toArray(String[]::new), after, openOnly, recovering);
    }

    /** When the newest incident of {@code component} was detected, open or not. */
    public Optional<Instant> lastDetected(String component) {
        return jdbc.one("last incident of " + component, "SELECT max(detected_at) FROM incident WHERE component = ?",
                rs -> Jdbc.instant(rs, 1), component);
    }

    /** Whether an incident of {@code component} is open. */
    public boolean anyOpen(String component) {
        return single("SELECT " + COLUMNS + " FROM incident WHERE component = ? AND status = 'OPEN' LIMIT 1",
                component).isPresent();
    }

    public List<Incident> recent(int limit) {
        return page(limit, 0);
    }

    /** Incidents newest first, {@code limit} of them after skipping {@code offset}. */
    public List<Incident> page(int limit, int offset) {
        return list("SELECT " + COLUMNS + " FROM incident ORDER BY detected_at DESC, incident_id LIMIT ? OFFSET ?",
                limit, offset);
    }

    private List<Incident> list(String sql, Object... args) {
        return jdbc.query("list incidents", sql, IncidentStore::read, args);
    }

    private Optional<Incident> single(String sql, Object... args) {
        return jdbc.one("incident query", sql, IncidentStore::read, args);
    }

    private static Incident read(ResultSet rs) throws SQLException {
        return new Incident(rs.getString("incident_id"), rs.getString("fingerprint"), rs.getString("component"),
                Severity.valueOf(rs.getString("severity")), rs.getString("impact"), rs.getString("source"),
                rs.getString("status"), rs.getTimestamp("outage_started_at").toInstant(),
                rs.getTimestamp("detected_at").toInstant(), Jdbc.instant(rs, "resolved_at"),
                rs.getInt("repeats"), rs.getString("decision"));
    }
}
