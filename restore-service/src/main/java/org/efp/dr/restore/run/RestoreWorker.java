package org.efp.dr.restore.run;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.drill.DrillRunner;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.RestoreJob;
import org.efp.dr.restore.job.RestoreJobs;
import org.efp.dr.restore.job.RestoreProgress;
import org.jboss.logging.Logger;

/**
 * Runs queued jobs outside the consumer's transaction, a few at a time, keeps their heartbeat, and resolves jobs
 * left RUNNING by a crashed worker (this one before a restart, or another replica): they end FAILED with the reason
 * and their scratch resources removed, never staying "in progress".
 */
@ApplicationScoped
public class RestoreWorker {

    private static final Logger LOG = Logger.getLogger(RestoreWorker.class);
    private static final int SLOTS = 2;

    private final RestoreJobs jobs;
    private final JobRunner runner;
    private final DrillRunner drills;
    private final RestoreSettings.Restore config;
    private final RestoreProgress progress;
    private final String owner = "restore-" + UUID.randomUUID();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newFixedThreadPool(SLOTS, r -> {
        Thread t = new Thread(r, "restore-worker");
        t.setDaemon(true);
        return t;
    });

    public RestoreWorker(RestoreJobs jobs, JobRunner runner, DrillRunner drills, RestoreProgress progress,
            RestoreSettings settings) {
        this.progress = progress;
        this.jobs = jobs;
        this.runner = runner;
        this.drills = drills;
        this.config = settings.restore();
    }

    @Scheduled(every = "${dr.restore.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        while (running.size() < SLOTS) {
            Optional<RestoreJob> claimed = jobs.claim(owner);
            if (claimed.isEmpty()) {
                return;
            }
            RestoreJob job = claimed.get();
            running.add(job.jobId());
            LOG.infof("job claimed jobId=%s kind=%s incidentId=%s", job.jobId(), job.kind(), job.incidentId());
            executor.submit(() -> execute(job));
        }
    }

    private void execute(RestoreJob job) {
        try {
            if (job.kind() == JobKind.DRILL) {
                drills.run(job, owner);
            } else {
                runner.run(job, owner);
            }
        } catch (RuntimeException e) {
            // Left RUNNING: the stale check ends it with a reason once the heartbeat stops.
            LOG.errorf(e, "job crashed jobId=%s", job.jobId());
        } finally {
            running.remove(job.jobId());
        }
    }

    @Scheduled(every = "${dr.restore.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        jobs.heartbeat(owner, List.copyOf(running));
        progress.running().forEach((id, p) -> jobs.saveRunningProgress(id, ProgressCodec.encode(p)));
    }

    @Scheduled(every = "${dr.restore.stale-check-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resolveStale() {
        for (RestoreJob job : jobs.takeStale(owner, config.staleAfter())) {
            String reason = "interrupted: the worker running this job stopped (attempt " + job.attempts()
                    + ", " + job.stepsDone() + " step(s) done); scratch targets removed";
            LOG.warnf("stale job resolved jobId=%s incidentId=%s", job.jobId(), job.incidentId());
            try {
                if (job.kind() == JobKind.DRILL) {
                    drills.failInterrupted(job, owner, reason);
                } else {
                    runner.failInterrupted(job, owner, reason);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "stale job not resolved jobId=%s", job.jobId());
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
