package org.efp.dr.restore.job;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.jobs.JobLeases;
import org.efp.dr.common.jobs.JobTable;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.common.progress.ProgressCodec;

/**
 * The job table: queue, claim, heartbeat, progress, scratch resources and the end state of every job. Jobs are
 * claimed, kept alive and ended under a lease ({@link JobLeases}): a worker ends only a job it still owns.
 */
@ApplicationScoped
public class RestoreJobs {

    private static final String COLUMNS = "job_id, incident_id, kind, request, status, attempts, steps_done, scratch, "
            + "queued_at, started_at, completed_at, restored_from, recovered_to, location, bytes, error, "
            + "progress::text AS progress";

    private static final JobTable TABLE = JobTable.of("restore_job", "job_id", "queued_at");

    private final Jdbc jdbc;
    private final JobLeases<RestoreJob> leases;

    public RestoreJobs(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.leases = new JobLeases<>(jdbc, TABLE, COLUMNS, RestoreJobs::map);
    }

    /** Queues a job; false when the id is known or the incident already has an active job of this kind. */
    public boolean enqueue(String jobId, String incidentId, JobKind kind, String request) {
        return update("INSERT INTO restore_job (job_id, incident_id, kind, request, status) "
                + "VALUES (?, ?, ?, ?, 'QUEUED') ON CONFLICT DO NOTHING", jobId, incidentId, kind.name(), request) == 1;
    }

    /** Claims the oldest queued job for {@code owner}. */
    public Optional<RestoreJob> claim(String owner) {
        return leases.claim(owner, "attempts = attempts + 1");
    }

    /** Running jobs whose worker stopped beating: claimed here so only one replica resolves each. */
    public List<RestoreJob> takeStale(String owner, Duration staleAfter) {
        return leases.takeStale(owner, staleAfter);
    }

    /** Renews the heartbeat of those of {@code jobIds} that {@code owner} still runs. */
    public void heartbeat(String owner, List<String> jobIds) {
        leases.heartbeat(owner, jobIds);
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

    /**
     * Records the end of a job {@code owner} runs (call inside the transaction that publishes its completion); false,
     * changing nothing, when {@code owner} lost the job to another worker.
     */
    public boolean finish(String jobId, String owner, String status, RestoreOutcome outcome, String error,
            Instant completedAt) {
        return leases.finish(jobId, owner, "status = ?, completed_at = ?, restored_from = ?, recovered_to = ?, "
                + "location = ?, bytes = ?, error = ?, scratch = '{}'", status, completedAt,
                outcome == null ? null : outcome.restoredFrom(), outcome == null ? null : outcome.recoveredTo(),
                outcome == null ? null : outcome.location(), outcome == null ? null : outcome.bytes(), error);
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
        return jdbc.query("restore rates read", "SELECT sum(bytes)::float8 / nullif(sum(extract(epoch FROM "
                + "completed_at - started_at)), 0) FROM (SELECT bytes, started_at, completed_at FROM restore_job "
                + "WHERE kind = ? AND status = 'SUCCEEDED' AND bytes > 0 ORDER BY completed_at DESC LIMIT 10) recent",
                rs -> {
                    double rate = rs.getDouble(1);
                    return rs.wasNull() || rate <= 0 ? Optional.<Double>empty() : Optional.of(rate);
                }, kind.name()).get(0);
    }

    private int update(String sql, Object... args) {
        return jdbc.update("restore_job update", sql, args);
    }

    private Optional<RestoreJob> one(String sql, Object... args) {
        return jdbc.one("restore_job query", sql, RestoreJobs::map, args);
    }

    private List<RestoreJob> many(String sql, Object... args) {
        return jdbc.query("restore_job query", sql, RestoreJobs::map, args);
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
        return Jdbc.instant(rs, column);
    }
}
