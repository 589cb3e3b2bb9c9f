package org.efp.dr.restore.models;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.JobSteps;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.ServiceControl;
import org.jboss.logging.Logger;

/**
 * The end of the guide's model recovery: {@code monitor_predictions(duration)}, then
 * {@code rollback_to_previous_version()} when the restored model degrades. The watch is a step of the restore
 * ({@value #WATCH_STEP}); a degraded model is switched back to {@code previous} the way the restore switched it (one
 * atomic rename, the affected services stopped around it through failover-service as for the restore), and the
 * recovery ends ROLLED_BACK with the reason, which the notifier sends as a critical notice.
 */
@ApplicationScoped
public class ModelWatch {

    public static final String WATCH_STEP = "monitor predictions";
    public static final String ROLLBACK_STEP = "roll back to previous version";

    private static final Logger LOG = Logger.getLogger(ModelWatch.class);

    /**
     * What the watch concluded and how that ends the recovery: its status, the error (reason) when not SUCCEEDED,
     * and notes for people.
     */
    public record Result(PredictionWatch.Outcome outcome, RecoveryStatus status, String error, List<String> notes) {
    }

    private final RestoreSettings.Restore config;
    private final ServiceControl services;
    private final Clock clock;

    public ModelWatch(RestoreSettings settings, ServiceControl services, Clock clock) {
        this.config = settings.restore();
        this.services = services;
        this.clock = clock;
    }

    /** Watches the version {@code current} points at now and rolls it back if it degrades. */
    public Result watch(String jobId, RestoreRequest request, JobSteps steps, List<String> affected)
            throws Exception {
        Path models = config.modelsDir().toAbsolutePath().normalize();
        Instant started = clock.instant();
        Optional<String> current = ModelSwitch.target(models.resolve(ModelSwitch.CURRENT))
                .map(p -> p.getFileName().toString());
        String version = current.orElse("restored");
        RestoreSettings.Monitor monitor = config.models().monitor();
        Optional<PrometheusQuery> prometheus = PredictionWatch.prometheus(monitor);
        PredictionWatch.Verdict verdict = current.isEmpty()
                ? new PredictionWatch.Verdict(PredictionWatch.Outcome.LOST, "the restored model is no longer served: "
                        + lost(models, version).orElse("no current version"))
                : new PredictionWatch(monitor, prometheus, clock).watch(version, () -> lost(models, version));
        LOG.infof("model watched jobId=%s version=%s outcome=%s", jobId, version, verdict.outcome());
        switch (verdict.outcome()) {
            case HEALTHY -> {
                steps.ended(WATCH_STEP, RecoveryStatus.SUCCEEDED, started, verdict.detail());
                return new Result(verdict.outcome(), RecoveryStatus.SUCCEEDED, null, List.of(verdict.detail()));
            }
            case NOT_WATCHED -> {
                steps.ended(WATCH_STEP, RecoveryStatus.SKIPPED, started, verdict.detail());
                return new Result(verdict.outcome(), RecoveryStatus.SUCCEEDED, null, List.of("NOT CONFIRMED "
                        + "HEALTHY: " + verdict.detail() + "; watch the model's error rate, latency and forecast "
                        + "error by hand"));
            }
            case LOST -> {
                // Nothing to roll back: the live directory itself went away. The recovery fails at once, so the
                // outage that took it is recovered anew instead of waiting for this watch's window.
                steps.ended(WATCH_STEP, RecoveryStatus.FAILED, started, verdict.detail());
                return new Result(verdict.outcome(), RecoveryStatus.FAILED, verdict.detail(),
                        List.of("restore the newest MODELS backup again"));
            }
            default -> {
                steps.ended(WATCH_STEP, RecoveryStatus.FAILED, started, verdict.detail());
                return rollback(jobId, request, steps, affected, models, version, verdict.detail());
            }
        }
    }

    /** The version the model directory serves now ({@code current} points at a directory that is there), if any. */
    public Optional<String> served() throws java.io.IOException {
        Path models = config.modelsDir().toAbsolutePath().normalize();
        Optional<String> version = ModelSwitch.target(models.resolve(ModelSwitch.CURRENT))
                .map(p -> p.getFileName().toString());
        return version.filter(v -> lost(models, v).isEmpty());
    }

    /** Why {@code version} is no longer served from {@code models}, if it is not: the link or its directory gone. */
    static Optional<String> lost(Path models, String version) {
        Path current = models.resolve(ModelSwitch.CURRENT);
        try {
            Optional<Path> target = ModelSwitch.target(current);
            if (target.isEmpty()) {
                return Optional.of(current + " is gone");
            }
            Path dir = current.resolveSibling(target.get());
            if (!java.nio.file.Files.isDirectory(dir)) {
                return Optional.of(current + " points at " + target.get() + ", which is gone");
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of(current + " cannot be read: " + e.getMessage());
        }
    }

    private Result rollback(String jobId, RestoreRequest request, JobSteps steps, List<String> affected, Path models,
            String version, String reason) throws java.io.IOException {
        if (ModelSwitch.target(models.resolve(ModelSwitch.PREVIOUS)).isEmpty()) {
            return new Result(PredictionWatch.Outcome.DEGRADED, RecoveryStatus.FAILED,
                    reason + "; no previous version to roll back to",
                    List.of("model " + version + " still serves: restore a known good MODELS backup"));
        }
        Path previous = steps.run(ROLLBACK_STEP, () -> {
            List<String> done = new ArrayList<>();
            if (!affected.isEmpty()) {
                done.add(services.stopForRollback(jobId, request, affected));
            }
            Path back = ModelSwitch.rollback(models);
            done.add("current -> " + models.relativize(back));
            if (!affected.isEmpty()) {
                done.add(services.startForRollback(jobId, request, affected));
            }
            steps.detail(String.join("; ", done));
            return back;
        });
        String previousVersion = previous.getFileName().toString();
        LOG.warnf("model rolled back jobId=%s from=%s to=%s", jobId, version, previousVersion);
        return new Result(PredictionWatch.Outcome.DEGRADED, RecoveryStatus.ROLLED_BACK,
                reason + "; rolled back to the previous version " + previousVersion,
                List.of("model " + previousVersion + " serves again", "the degraded version stays in "
                        + models.resolve("versions").resolve(version)
                        + " for analysis; restore another MODELS backup once the cause is known"));
    }
}
