package org.efp.dr.restore.job;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.progress.ProgressCodec;

/** The job table: queue, claim, heartbeat, progress, scratch resources and the end state of every job. */
@ApplicationScoped
public class RestoreJobs {

    private static final String COLUMNS = "job_id, incident_id, kind, request, status, attempts, steps_done, scratch, "
            + "queued_at, started_at, completed_at, restored_from, recovered_to, location, bytes, error, "
            + "progress::text AS progress";

    private final DataSource dataSource;

    public RestoreJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Queues a job; false when the id is known or the incident already has an active job of this kind. */
    public boolean enqueue(String jobId, String incidentId, JobKind kind, String request) {
        return update("INSERT INTO restore_job (job_id, incident_id, kind, request, status) "
                + "VALUES (?, ?, ?, ?, 'QUEUED') ON CONFLICT DO NOTHING", jobId, incidentId, kind.name(), request) == 1;
    }

    /** Claims the oldest queued job for {@code owner}. */
    public Optional<RestoreJob> claim(String owner) {
        return one("UPDATE restore_job SET status = 'RUNNING', owner = ?, heartbeat_at = now(), "
                + "attempts = attempts + 1, started_at = coalesce(started_at, now()) WHERE job_id = ("
                + "SELECT job_id FROM restore_job WHERE status = 'QUEUED' ORDER BY queued_at "
                + "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + COLUMNS, owner);
    }

    /** Running jobs whose worker stopped beating: claimed here so only one replica resolves each. */
    public List<RestoreJob> takeStale(String owner, Duration staleAfter) {
        return many("UPDATE restore_job SET owner = ?, heartbeat_at = now() WHERE job_id IN ("
                + "SELECT job_id FROM restore_job WHERE status = 'RUNNING' "
                + "AND heartbeat_at < now() - make_interval(secs => ?) FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS,
                owner, (double) staleAfter.toMillis() / 1000.0);
    }

    public void heartbeat(String owner, List<String> jobIds) {
        if (!jobIds.isEmpty()) {
            update("UPDATE restore_job SET heartbeat_at = now() WHERE owner = ? AND job_id = ANY (?)", owner,
                    jobIds.toArray(String[]::new));
        }
    }

    public void addScratch(String jobId, String resource) {
        update("UPDATE restore_job SET scratch = array_append(array_remove(scratch, ?), ?) WHERE job_id = ?",
                resource, resource, jobId);
    }

    public void removeScratch(String jobId, String resource) {
        update("UPDATE restore_job SET scratch = array_remove(scratch, ?) WHERE job_id = ?", resource, jobId);
    }

    public void stepDone(String jobId, int stepsDone) {
        update("UPDATE restore_job SET steps_done = ? WHERE job_id = ?", stepsDone, jobId);
    }

    /** Saves the progress (JSON) of a job that still runs. */
    public void saveRunningProgress(String jobId, String progress) {
        update("UPDATE restore_job SET progress = ?::jsonb WHERE job_id = ? AND status = 'RUNNING'", progress, jobId);
    }

    /** Saves a job's final progress (JSON), in the transaction that records its end. */
    public void saveProgress(String jobId, String progress) {
        update("UPDATE restore_job SET progress = ?::jsonb WHERE job_id = ?", progress, jobId);
    }

    /** Records the end of a job (call inside the transaction that publishes its completion). */
    public void finish(String jobId, String status, RestoreOutcome outcome, String error, Instant completedAt) {
        update("UPDATE restore_job SET status = ?, completed_at = ?, restored_from = ?, recovered_to = ?, "
                + "location = ?, bytes = ?, error = ?, scratch = '{}' WHERE job_id = ?", status,
                Timestamp.from(completedAt), outcome == null ? null : outcome.restoredFrom(),
                outcome == null || outcome.recoveredTo() == null ? null : Timestamp.from(outcome.recoveredTo()),
                outcome == null ? null : outcome.location(), outcome == null ? null : outcome.bytes(), error, jobId);
    }

    public Optional<RestoreJob> find(String jobId) {
        return one("SELECT " + COLUMNS + " FROM restore_job WHERE job_id = ?", jobId);
    }

    /** One page of all restore jobs, newest first. */
    public List<RestoreJob> page(int limit, int offset) {
        return many("SELECT " + COLUMNS + " FROM restore_job ORDER BY queued_at DESC, job_id DESC LIMIT ? OFFSET ?",
                limit, offset);
    }

    public List<RestoreJob> forIncident(String incidentId) {
        return many("SELECT " + COLUMNS + " FROM restore_job WHERE incident_id = ? ORDER BY queued_at", incidentId);
    }

    /** Bytes per second of recent successful restores of {@code kind}; empty before the first one. */
    public Optional<Double> recentRate(JobKind kind) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sum(bytes)::float8 / nullif(sum(extract(epoch FROM completed_at - started_at)), 0) FROM ("
                        + "SELECT bytes, started_at, completed_at FROM restore_job WHERE kind = ? AND status = "
                        + "'SUCCEEDED' AND bytes > 0 ORDER BY completed_at DESC LIMIT 10) recent")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double rate = rs.getDouble(1);
                return rs.wasNull() || rate <= 0 ? Optional.empty() : Optional.of(rate);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read restore rates", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("restore_job update failed: " + e.getMessage(), e);
        }
    }

    private Optional<RestoreJob> one(String sql, Object... args) {
        List<RestoreJob> jobs = many(sql, args);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private List<RestoreJob> many(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            List<RestoreJob> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(map(rs));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException("restore_job query failed: " + e.getMessage(), e);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String[] array) {
                Array sqlArray = c.createArrayOf("text", array);
                ps.setArray(i + 1, sqlArray);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private static RestoreJob map(ResultSet rs) throws SQLException {
        Array scratch = rs.getArray("scratch");
        long bytes = rs.getLong("bytes");
        Long bytesOrNull = rs.wasNull() ? null : bytes;
        return new RestoreJob(rs.getString("job_id"), rs.getString("incident_id"), JobKind.valueOf(rs.getString("kind")),
                rs.getString("request"), rs.getString("status"), rs.getInt("attempts"), rs.getInt("steps_done"),
                scratch == null ? List.of() : Arrays.asList((String[]) scratch.getArray()), instant(rs, "queued_at"),
                instant(rs, "started_at"), instant(rs, "completed_at"), rs.getString("restored_from"),
                instant(rs, "recovered_to"), rs.getString("location"), bytesOrNull, rs.getString("error"),
                ProgressCodec.decode(rs.getString("progress")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
