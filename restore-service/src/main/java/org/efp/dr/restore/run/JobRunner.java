package org.efp.dr.restore.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.JobSteps;
import org.efp.dr.restore.job.RestoreJob;
import org.efp.dr.restore.job.RestoreJobs;
import org.efp.dr.restore.job.RestoreMetrics;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreProgress;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.ServiceControl;
import org.efp.dr.restore.models.DegradedBackups;
import org.efp.dr.restore.models.ModelWatch;
import org.efp.dr.restore.models.PredictionWatch;
import org.jboss.logging.Logger;

/**
 * Runs one claimed restore job: RecoveryStarted with an ETA from recent restore rates, the restore's steps, then
 * RecoveryCompleted committed together with the job's end state. A failed job's scratch resources are removed.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final RestoreJobs jobs;
    private final Restorers restorers;
    private final EventPublisher publisher;
    private final Scratch scratch;
    private final RestoreMetrics metrics;
    private final ServiceControl services;
    private final ModelWatch modelWatch;
    private final RestoreProgress progress;
    private final Clock clock;
    private final long defaultRate;
    private final Duration modelWatchWindow;
    private final DegradedBackups degradedBackups;

    public JobRunner(RestoreJobs jobs, Restorers restorers, EventPublisher publisher, Scratch scratch,
            RestoreMetrics metrics, ServiceControl services, ModelWatch modelWatch, RestoreProgress progress,
            Clock clock, RestoreSettings settings, DegradedBackups degradedBackups) {
        this.degradedBackups = degradedBackups;
        this.progress = progress;
        this.services = services;
        this.modelWatch = modelWatch;
        this.modelWatchWindow = settings.restore().models().monitor().window();
        this.jobs = jobs;
        this.restorers = restorers;
        this.publisher = publisher;
        this.scratch = scratch;
        this.metrics = metrics;
        this.clock = clock;
        this.defaultRate = settings.restore().defaultRateBytesPerSecond();
    }

    /** Runs {@code job}, which {@code owner} claimed; its end is recorded only while {@code owner} still owns it. */
    public void run(RestoreJob job, String owner) {
        try {
            restore(job, owner);
        } finally {
            progress.finish(job.jobId());
        }
    }

    private void restore(RestoreJob job, String owner) {
        RestoreRequest request = RestoreRequest.decode(job.request());
        Instant startedAt = clock.instant();
        Restorers.Restorer restorer;
        try {
            restorer = restorers.forRequest(job.kind(), request);
        } catch (RestoreException e) {
            complete(job, owner, request, startedAt, null, e.getMessage(), List.of(), false, null, null, null);
            return;
        }
        List<String> affected = services.affected(job.kind(), request);
        List<String> stepNames = new ArrayList<>(restorer.steps());
        if (!affected.isEmpty()) {
            stepNames.add(0, ServiceControl.STOP_STEP);
            stepNames.add(ServiceControl.START_STEP);
        }
        // A model restore ends with the guide's monitor_predictions: the restored model is watched before the
        // recovery counts as done.
        boolean watched = job.kind() == JobKind.MODELS;
        if (watched) {
            stepNames.add(RecoveryStepCompleted.SERVING);
            stepNames.add(ModelWatch.WATCH_STEP);
        }
        long expected = restorer.expectedBytes(request);
        double rate = jobs.recentRate(job.kind()).orElse((double) defaultRate);
        Instant eta = startedAt.plusSeconds(5 + (long) (expected / rate))
                .plus(watched ? modelWatchWindow : Duration.ZERO);
        QuarkusTransaction.requiringNew().run(() -> publisher.publish(new RecoveryStarted(request.incidentId(),
                job.jobId(), request.component(), request.action(), startedAt, eta, stepNames),
                job.jobId() + "/started"));
        RestoreProgress.Tracker tracker = progress.start(job.jobId(), startedAt, expected > 0 ? expected : null, eta);
        JobSteps steps = new JobSteps(job.jobId(), request.incidentId(), jobs, publisher, clock, tracker);
        RestoreOutcome outcome = null;
        String error = null;
        boolean stopped = false;
        String restarted = null;
        ModelWatch.Result watch = null;
        Instant servingSince = null;
        try {
            if (!affected.isEmpty()) {
                steps.run(ServiceControl.STOP_STEP, () -> {
                    steps.detail(services.stop(job.jobId(), request, affected));
                    return null;
                });
                stopped = true;
            }
            outcome = restorer.restore(request, steps);
            if (!affected.isEmpty()) {
                steps.run(ServiceControl.START_STEP, () -> {
                    steps.detail(services.start(job.jobId(), request, affected));
                    return null;
                });
                stopped = false;
            }
            if (watched) {
                // The restored model serves from here on; the watch after it does not count against the RTO.
                servingSince = clock.instant();
                Optional<String> served = modelWatch.served();
                if (served.isPresent()) {
                    // Said only when a version really serves: one gone already is the watch's LOST, not served.
                    steps.ended(RecoveryStepCompleted.SERVING, RecoveryStatus.SUCCEEDED, servingSince,
                            "the restored model " + served.get() + " serves; " + ModelWatch.WATCH_STEP + " for "
                                    + modelWatchWindow + " decides whether it stays");
                }
                watch = modelWatch.watch(job.jobId(), request, steps, affected);
                metrics.modelWatched(watch.outcome().name());
                if (watch.outcome() == PredictionWatch.Outcome.DEGRADED) {
                    // An automatic restore must not bring this backup back the next time.
                    degradedBackups.record(outcome.restoredFrom(), watch.error());
                }
            }
        } catch (Exception e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Throwable cause = e instanceof RestoreException ? e : e.getCause();
            String reason = cause instanceof RestoreException re ? re.reason().name() : "RESTORE_FAILED";
            if (!"BAD_REQUEST".equals(reason) && !"NO_BACKUP".equals(reason)
                    && !"SERVICE_CONTROL_FAILED".equals(reason) && !"SPARE_UNAVAILABLE".equals(reason)) {
                metrics.verificationFailed(reason);
            }
            LOG.errorf("restore failed jobId=%s incidentId=%s reason=%s: %s", job.jobId(), request.incidentId(),
                    reason, error);
            LOG.debug("restore failure", e);
            if (stopped && !steps.touchedLive()) {
                // Refused before the live data changed: what ran before still serves, so it may run again.
                try {
                    steps.run(ServiceControl.START_STEP, () -> {
                        steps.detail(services.start(job.jobId(), request, affected)
                                + "; the restore failed before the live data was touched");
                        return null;
                    });
                    stopped = false;
                    restarted = String.join(",", affected) + " started again: the restore failed before the live "
                            + "data was touched, so they serve what they served before";
                } catch (RuntimeException startFailure) {
                    LOG.errorf("services not started again jobId=%s: %s", job.jobId(), startFailure.getMessage());
                }
            }
        }
        // After a failure this is everything the restore created; after a success only its downloads, since the
        // restored target was kept.
        scratch.removeAll(steps.scratch());
        complete(job, owner, request, startedAt, outcome, error, affected, stopped, restarted, watch,
                servingSince);
    }

    private void complete(RestoreJob job, String owner, RestoreRequest request, Instant startedAt,
            RestoreOutcome outcome, String failure, List<String> affected, boolean leftStopped, String restarted,
            ModelWatch.Result watch, Instant servingSince) {
        Instant completedAt = clock.instant();
        // A restore that went through but whose model degraded while watched ends as the watch says (ROLLED_BACK).
        boolean judged = failure == null && watch != null && watch.status() != RecoveryStatus.SUCCEEDED;
        RecoveryStatus status = judged ? watch.status()
                : failure == null ? RecoveryStatus.SUCCEEDED : RecoveryStatus.FAILED;
        String error = judged ? watch.error() : failure;
        Long dataLoss = outcome == null || outcome.recoveredTo() == null ? null
                : Math.max(0, Duration.between(outcome.recoveredTo(), request.outageStartedAt()).toSeconds());
        List<String> next = new ArrayList<>(nextSteps(status, outcome, affected, leftStopped));
        if (restarted != null) {
            next.add(0, restarted);
        }
        if (judged) {
            next = new ArrayList<>(watch.notes());
        } else if (failure == null && watch != null) {
            next.addAll(0, watch.notes());
        }
        RecoveryCompleted completed = new RecoveryCompleted(request.incidentId(), job.jobId(), request.component(),
                request.action(), status, startedAt, completedAt, outcome == null ? null : outcome.restoredFrom(),
                outcome == null ? null : outcome.recoveredTo(), dataLoss, error, next,
                outcome == null || status != RecoveryStatus.SUCCEEDED ? null : outcome.endpoint(),
                status == RecoveryStatus.SUCCEEDED && servingSince != null
                        ? Map.of(RecoveryCompleted.SERVING_SINCE, servingSince.toString()) : Map.of());
        boolean ended = QuarkusTransaction.requiringNew().call(() -> {
            if (!jobs.finish(job.jobId(), owner, status.name(), outcome, error, completedAt)) {
                return false;
            }
            jobs.saveProgress(job.jobId(), ProgressCodec.encode(progress.end(job, status.name(), completedAt)));
            publisher.publish(completed, job.jobId() + "/completed");
            return true;
        });
        if (!ended) {
            LOG.warnf("restore end not recorded jobId=%s owner=%s status=%s: another worker took the job over",
                    job.jobId(), owner, status);
            return;
        }
        metrics.restored(job.kind(), status.name(), Duration.between(startedAt, completedAt),
                outcome == null ? 0 : outcome.bytes());
        LOG.infof("restore ended jobId=%s incidentId=%s status=%s restoredFrom=%s", job.jobId(),
                request.incidentId(), status, completed.restoredFrom());
    }

    private static List<String> nextSteps(RecoveryStatus status, RestoreOutcome outcome, List<String> affected,
            boolean leftStopped) {
        if (status == RecoveryStatus.SUCCEEDED && !outcome.notes().isEmpty()) {
            return outcome.notes();
        }
        if (status == RecoveryStatus.SUCCEEDED) {
            return List.of(affected.isEmpty() ? "point clients at " + outcome.location()
                    : String.join(",", affected) + " run again on " + outcome.location());
        }
        List<String> next = new ArrayList<>();
        if (leftStopped) {
            next.add(String.join(",", affected) + " stay stopped (scaled to 0 for this restore): scale them up "
                    + "with a SCALE_UP request once the data is good");
        }
        if (outcome != null) {
            next.add("the data was restored to " + outcome.location() + " and verified");
        }
        next.add("check the error and request the restore again");
        return next;
    }

    /**
     * Ends a job whose worker crashed, which {@code owner} took over: FAILED with the reason, scratch removed,
     * completion published.
     */
    public void failInterrupted(RestoreJob job, String owner, String reason) {
        scratch.removeAll(job.scratch());
        RestoreRequest request = RestoreRequest.decode(job.request());
        Instant startedAt = job.startedAt() == null ? clock.instant() : job.startedAt();
        complete(job, owner, request, startedAt, null, reason, List.of(), false, null, null, null);
    }
}
