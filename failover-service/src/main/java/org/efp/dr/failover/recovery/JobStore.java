package org.efp.dr.failover.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.JobLeases;
import org.efp.dr.common.jobs.JobTable;
import org.efp.dr.common.postgres.Jdbc;

/**
 * The {@code recovery_job} table. Claims use row locks with SKIP LOCKED and a lease, so one worker runs a job; a
 * step is recorded and a job ended only by the worker that still holds the lease ({@link JobLeases}).
 */
@ApplicationScoped
public class JobStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "recovery_id, incident_id, component, action, target, dry_run, parameters, "
            + "status, next_step, state, requested_by, created_at, started_at, error";

    private static final JobTable TABLE = new JobTable("recovery_job", "recovery_id", "created_at", "PENDING",
            "RUNNING");

    private final Jdbc jdbc;
    private final JobLeases<RecoveryJob> leases;

    public JobStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.leases = new JobLeases<>(jdbc, TABLE, COLUMNS, JobStore::read);
    }

    /** Inserts a pending job; false when a unique rule refuses it (a database failover already in flight). */
    public boolean insert(RecoveryJob job) {
        String sql = "INSERT INTO recovery_job (recovery_id, incident_id, component, action, target, dry_run, "
                + "parameters, status, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?) ON CONFLICT DO NOTHING";
        return update(sql, job.recoveryId(), job.incidentId(), job.component(), job.action().name(), job.target(),
                job.dryRun(), json(job.parameters()), job.requestedBy()) == 1;
    }

    /** Takes the oldest runnable job: pending, waiting past its time, or running under an expired lease. */
    public Optional<RecoveryJob> claim(String owner, Duration lease) {
        String sql = "UPDATE recovery_job SET status = 'RUNNING', owner = ?, heartbeat_at = now(), "
                + "started_at = COALESCE(started_at, now()), wait_until = NULL, updated_at = now() "
                + "WHERE recovery_id = (SELECT recovery_id FROM recovery_job WHERE status = 'PENDING' "
                + "OR (status = 'WAITING' AND wait_until <= now()) "
                + "OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ?)) "
                + "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS;
        return query(sql, owner, (double) lease.toMillis() / 1000).stream().findFirst();
    }

    /** Records a finished step; false when this owner lost the job (its lease expired and another took it). */
    public boolean stepDone(String recoveryId, String owner, int nextStep, Map<String, String> state) {
        return leases.renew(recoveryId, owner, "next_step = ?, state = ?, updated_at = now()", nextStep, json(state));
    }

    /**
     * Parks the job until {@code until} or until what it waits {@code on} (a recovery id) ends. Serialised with the
     * recording of that recovery's end (SagaChildren), so an end recorded before the job parked wakes it at once.
     */
    public boolean waiting(String recoveryId, String owner, Map<String, String> state, Instant until, String on) {
        if (on != null) {
            jdbc.one("lock recovery " + on, "SELECT pg_advisory_xact_lock(hashtext('recovery:' || ?))",
                    rs -> Boolean.TRUE, on);
        }
        return update("UPDATE recovery_job SET status = 'WAITING', state = ?, wait_until = CASE WHEN EXISTS ("
                + "SELECT 1 FROM recovery_outcome o WHERE o.recovery_id = ?) THEN now() ELSE ? END, waiting_for = ?, "
                + "owner = NULL, updated_at = now() WHERE recovery_id = ? AND owner = ?", json(state), on,
                Timestamp.from(until), on, recoveryId, owner) == 1;
    }

    /** Wakes a job waiting on {@code waitingFor}. */
    public int wake(String waitingFor) {
        return update("UPDATE recovery_job SET wait_until = now(), updated_at = now() WHERE status = 'WAITING' "
                + "AND waiting_for = ?", waitingFor);
    }

    /** Ends a job {@code owner} runs; false, changing nothing, when {@code owner} lost it. */
    public boolean finish(String recoveryId, String owner, String status, Map<String, String> state, String error) {
        return leases.finish(recoveryId, owner, "status = ?, state = ?, error = ?, completed_at = now(), "
                + "owner = NULL, updated_at = now()", status, json(state), error);
    }

    /** Whether {@code owner} still runs the job (a worker checks before it undoes anything). */
    public boolean owns(String recoveryId, String owner) {
        return leases.renew(recoveryId, owner, "");
    }

    /**
     * Renews the lease of those of {@code recoveryIds} that {@code owner} still runs: only jobs running on this
     * worker now, so a job whose run crashed here lapses and is taken over.
     */
    public int heartbeat(String owner, java.util.Collection<String> recoveryIds) {
        return leases.heartbeat(owner, recoveryIds);
    }

    public Optional<RecoveryJob> find(String recoveryId) {
        return query("SELECT " + COLUMNS + " FROM recovery_job WHERE recovery_id = ?", recoveryId).stream()
                .findFirst();
    }

    public List<RecoveryJob> forIncident(String incidentId) {
        return query("SELECT " + COLUMNS + " FROM recovery_job WHERE incident_id = ? ORDER BY created_at", incidentId);
    }

    public List<RecoveryJob> recent(int limit) {
        return page(limit, 0);
    }

    /** Recoveries newest first, {@code limit} of them after skipping {@code offset}. */
    public List<RecoveryJob> page(int limit, int offset) {
        return query("SELECT " + COLUMNS + " FROM recovery_job ORDER BY created_at DESC, recovery_id LIMIT ? OFFSET ?",
                limit, offset);
    }

    private List<RecoveryJob> query(String sql, Object... args) {
        return jdbc.query("recovery job query", sql, JobStore::read, args);
    }

    private int update(String sql, Object... args) {
        return jdbc.update("recovery job update", sql, args);
    }

    private static RecoveryJob read(ResultSet rs) throws SQLException {
        Timestamp started = rs.getTimestamp("started_at");
        return new RecoveryJob(rs.getString("recovery_id"), rs.getString("incident_id"), rs.getString("component"),
                RecoveryAction.valueOf(rs.getString("action")), rs.getString("target"), rs.getBoolean("dry_run"),
                map(rs.getString("parameters")), rs.getString("status"), rs.getInt("next_step"),
                map(rs.getString("state")), rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
                started == null ? null : started.toInstant(), rs.getString("error"));
    }

    static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt job json: " + e.getMessage(), e);
        }
    }
}
