package org.efp.dr.restore.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressTracker;
import org.efp.dr.common.progress.ProgressTrackers;

/**
 * The progress of the restores running in this process. Bytes, percent and rate are those of reading the backup
 * (against its stored size from the manifest); the ETA is the whole job's: never earlier than the end planned when
 * it started from recent restores' rates (the ETA of RecoveryStarted), nor than what reading the rest of the backup
 * needs at the current rate. In memory while the job runs here; the worker's heartbeat copies it to the job row,
 * so another replica shows it a few seconds late, and the end state is saved with the job's end.
 */
@ApplicationScoped
public class RestoreProgress {

    public static final String STARTING = "starting";
    public static final String COMPLETED = "completed";

    /** One running restore: its ETA is never earlier than the end planned for it. */
    public static final class Tracker extends ProgressTracker {
        private final Instant plannedEnd;

        Tracker(Instant startedAt, Long expectedBytes, Instant plannedEnd, Clock clock) {
            super(STARTING, expectedBytes, startedAt, clock);
            this.plannedEnd = plannedEnd;
        }

        /** Reading a backup starts (again, when an earlier candidate was refused): {@code total} bytes of it. */
        void reading(long total) {
            restart(total);
        }

        @Override
        public JobProgress now() {
            JobProgress p = super.now();
            Instant now = p.updatedAt();
            long planned = Math.max(0, Duration.between(now, plannedEnd).toSeconds());
            // Not a ternary: mixing long and Long there unboxes a null ETA (a job past its planned end, size unknown).
            Long eta;
            if (p.etaSeconds() != null) {
                eta = Math.max(p.etaSeconds(), planned);
            } else {
                eta = planned > 0 ? Long.valueOf(planned) : null;
            }
            return new JobProgress(p.step(), p.percent(), p.bytesDone(), p.bytesTotal(), p.bytesPerSecond(), eta,
                    false, now);
        }

        JobProgress completed(Instant at) {
            return completed(COMPLETED, at);
        }
    }

    private final ProgressTrackers<Tracker> running = new ProgressTrackers<>();
    private final Clock clock;

    public RestoreProgress(Clock clock) {
        this.clock = clock;
    }

    /** A job starts: {@code expectedBytes} of backup to read (null: unknown), planned to end at {@code plannedEnd}. */
    public Tracker start(String jobId, Instant startedAt, Long expectedBytes, Instant plannedEnd) {
        return running.start(jobId, new Tracker(startedAt, expectedBytes, plannedEnd, clock));
    }

    public void finish(String jobId) {
        running.finish(jobId);
    }

    /** The progress of {@code jobId} if it runs here. */
    public Optional<JobProgress> of(String jobId) {
        return running.of(jobId);
    }

    /**
     * The progress of a job wherever it runs: live when it runs here, else as last saved in its row (a heartbeat
     * old at most); queued ones at 0, ended ones as they ended. Null only for a job running elsewhere whose first
     * heartbeat has not come yet.
     */
    public JobProgress current(RestoreJob job) {
        if ("QUEUED".equals(job.status())) {
            return JobProgress.queued(job.queuedAt() == null ? clock.instant() : job.queuedAt());
        }
        if ("RUNNING".equals(job.status())) {
            return of(job.jobId()).orElse(job.progress());
        }
        JobProgress saved = job.progress();
        Instant endedAt = job.completedAt() == null ? clock.instant() : job.completedAt();
        if (saved == null && "SUCCEEDED".equals(job.status())) {
            return JobProgress.completed(COMPLETED, 0, 0, endedAt);
        }
        return JobProgress.endedAfter(saved, job.status().toLowerCase(), endedAt);
    }

    /**
     * The final progress of a job ending with {@code status}: from its tracker when it ran here, else (a job found
     * stale) from what its row last saved.
     */
    public JobProgress end(RestoreJob job, String status, Instant at) {
        Tracker t = running.tracker(job.jobId()).orElse(null);
        if ("SUCCEEDED".equals(status)) {
            return t == null ? JobProgress.completed(COMPLETED, 0, 0, at) : t.completed(at);
        }
        JobProgress reached = t != null ? t.now() : job.progress();
        return reached == null ? new JobProgress(status.toLowerCase(), null, 0, null, 0, null, true, at)
                : reached.ended(status.toLowerCase(), at);
    }

    /** The progress of every job running here. */
    public Map<String, JobProgress> running() {
        Map<String, JobProgress> now = new java.util.HashMap<>();
        running.all().forEach((id, t) -> now.put(id, t.now()));
        return now;
    }
}
