package org.efp.dr.restore.run;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.common.jobs.JobWorker;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.drill.DrillRunner;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.RestoreJob;
import org.efp.dr.restore.job.RestoreJobs;
import org.efp.dr.restore.job.RestoreProgress;
import org.jboss.logging.Logger;

/**
 * The restore queue on the common job worker: restores and drills run outside the consumer's transaction, a few at
 * a time; their heartbeat carries their progress; jobs left RUNNING by a crashed worker (this one before a restart,
 * or another replica) end FAILED with the reason and their scratch resources removed, never staying "in progress".
 */
@ApplicationScoped
public class RestoreWorker implements JobWorker.Queue<RestoreJob> {

    private static final Logger LOG = Logger.getLogger(RestoreWorker.class);
    private static final int SLOTS = 2;

    private final RestoreJobs jobs;
    private final JobRunner runner;
    private final DrillRunner drills;
    private final RestoreSettings.Restore config;
    private final RestoreProgress progress;
    private final JobWorker<RestoreJob> worker;

    public RestoreWorker(RestoreJobs jobs, JobRunner runner, DrillRunner drills, RestoreProgress progress,
            RestoreSettings settings) {
        this.progress = progress;
        this.jobs = jobs;
        this.runner = runner;
        this.drills = drills;
        this.config = settings.restore();
        this.worker = new JobWorker<>("restore-worker", "restore-" + UUID.randomUUID(), SLOTS, this);
    }

    void start(@Observes StartupEvent ignored) {
        worker.start(new JobWorker.Timing(config.pollInterval(), config.heartbeatInterval(),
                config.staleCheckInterval()));
    }

    @Override
    public Optional<RestoreJob> claim(String owner) {
        Optional<RestoreJob> claimed = jobs.claim(owner);
        claimed.ifPresent(job -> LOG.infof("job claimed jobId=%s kind=%s incidentId=%s", job.jobId(), job.kind(),
                job.incidentId()));
        return claimed;
    }

    @Override
    public String id(RestoreJob job) {
        return job.jobId();
    }

    @Override
    public void run(RestoreJob job, String owner) {
        if (job.kind() == JobKind.DRILL) {
            drills.run(job, owner);
        } else {
            runner.run(job, owner);
        }
    }

    @Override
    public void heartbeat(String owner, Set<String> running) {
        jobs.heartbeat(owner, List.copyOf(running));
        progress.running().forEach((id, p) -> jobs.saveRunningProgress(id, ProgressCodec.encode(p)));
    }

    @Override
    public List<RestoreJob> takeStale(String owner) {
        return jobs.takeStale(owner, config.staleAfter());
    }

    @Override
    public void interrupted(RestoreJob job, String owner) {
        String reason = "interrupted: the worker running this job stopped (attempt " + job.attempts()
                + ", " + job.stepsDone() + " step(s) done); scratch targets removed";
        LOG.warnf("stale job resolved jobId=%s incidentId=%s", job.jobId(), job.incidentId());
        if (job.kind() == JobKind.DRILL) {
            drills.failInterrupted(job, owner, reason);
        } else {
            runner.failInterrupted(job, owner, reason);
        }
    }

    /** Asked to stop: nothing more is claimed and what runs may end within the grace (see shutdownGrace). */
    void stopping(@Observes ShutdownEvent ignored) {
        worker.close(config.shutdownGrace());
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}
