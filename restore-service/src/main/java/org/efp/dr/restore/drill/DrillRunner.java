package org.efp.dr.restore.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.database.LogicalRestore;
import org.efp.dr.restore.database.PhysicalRestore;
import org.efp.dr.restore.job.RestoreJob;
import org.efp.dr.restore.job.RestoreJobs;
import org.efp.dr.restore.job.RestoreMetrics;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.models.ModelRestore;
import org.jboss.logging.Logger;

/**
 * Runs DR drills through the same restore code as real restores, but into scratch targets: a new database or a
 * scratch model directory, verified (row counts, SHA-256), measured, then torn down. A drill succeeds when the
 * restore verified and both the measured RTO and RPO are within the guide's objectives; an objective missed is
 * a failed drill whose error says which and by how much.
 */
@ApplicationScoped
public class DrillRunner {

    private static final Logger LOG = Logger.getLogger(DrillRunner.class);

    private final RestoreJobs jobs;
    private final DrillHistory history;
    private final LogicalRestore logical;
    private final PhysicalRestore physical;
    private final ModelRestore models;
    private final EventPublisher publisher;
    private final Scratch scratch;
    private final RestoreMetrics metrics;
    private final SeedConfig seed;
    private final RestoreSettings.Restore config;
    private final Clock clock;

    public DrillRunner(RestoreJobs jobs, DrillHistory history, LogicalRestore logical, PhysicalRestore physical,
            ModelRestore models, EventPublisher publisher, Scratch scratch, RestoreMetrics metrics, SeedConfig seed,
            RestoreSettings settings, Clock clock) {
        this.physical = physical;
        this.jobs = jobs;
        this.history = history;
        this.logical = logical;
        this.models = models;
        this.publisher = publisher;
        this.scratch = scratch;
        this.metrics = metrics;
        this.seed = seed;
        this.config = settings.restore();
        this.clock = clock;
    }

    /** What a drill measured: the backup restored, the instant its data reflects and the restore's duration. */
    record Measured(RestoreOutcome outcome, Duration restore) {
    }

    /** Runs the drill {@code job} {@code owner} claimed; its end is recorded only while {@code owner} owns it. */
    public void run(RestoreJob job, String owner) {
        DrillSpec spec = DrillQueue.decode(job.request());
        Instant startedAt = clock.instant();
        DrillSteps steps = new DrillSteps(job.jobId(), jobs, publisher, clock);
        Measured measured = null;
        String error = null;
        try {
            DrillScenario scenario = DrillScenario.of(spec.scenario()).orElseThrow(() ->
                    new IllegalArgumentException("restore-service runs no drill " + spec.scenario()));
            Instant restoreStarted = clock.instant();
            RestoreOutcome outcome = restore(scenario, spec, steps);
            measured = new Measured(outcome, Duration.between(restoreStarted, clock.instant()));
        } catch (Exception e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("drill restore failed drillId=%s scenario=%s: %s", spec.drillId(), spec.scenario(), error);
            LOG.debug("drill failure", e);
        } finally {
            scratch.removeAll(steps.scratch());
        }
        complete(job, owner, spec, startedAt, measured, error);
    }

    private RestoreOutcome restore(DrillScenario scenario, DrillSpec spec, DrillSteps steps) throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (scenario == DrillScenario.DATABASE_RECOVERY) {
            RestoreRequest physicalRequest = request(spec, steps.jobId(), "database", RecoveryAction.RESTORE_DATABASE,
                    spec.target(), Map.of("mode", "physical"));
            if (physical(spec, physicalRequest)) {
                // BASE + every archived WAL segment into a scratch cluster: the data as of the archive's end.
                return physical.restore(physicalRequest, steps);
            }
            RestoreRequest request = request(spec, steps.jobId(), "database", RecoveryAction.RESTORE_DATABASE,
                    spec.target(), Map.of("targetDatabase", "drill_" + spec.target() + "_" + suffix));
            return logical.restore(request, steps);
        }
        Path root = config.workDir().resolve("drills").resolve("drill-" + suffix).toAbsolutePath();
        steps.scratch(Scratch.dir(root));
        Files.createDirectories(root);
        RestoreRequest request = request(spec, steps.jobId(), "ml-models", RecoveryAction.RESTORE_MODELS, "models",
                Map.of());
        return models.restore(request, steps, root.resolve("models"), false);
    }

    private boolean physical(DrillSpec spec, RestoreRequest request) {
        String mode = spec.mode() != null ? spec.mode() : config.drillDatabaseMode();
        if (!"auto".equals(mode)) {
            return "physical".equals(mode);
        }
        try {
            return !physical.candidates(request).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static RestoreRequest request(DrillSpec spec, String jobId, String component, RecoveryAction action,
            String target, Map<String, String> parameters) {
        return new RestoreRequest(jobId, spec.drillId(), component, action, target, null, null, spec.requestedBy(),
                spec.requestedAt() == null ? Instant.now() : spec.requestedAt(), null, parameters);
    }

    private void complete(RestoreJob job, String owner, DrillSpec spec, Instant startedAt, Measured measured,
            String restoreError) {
        Instant now = clock.instant();
        Instant completedAt = now.isBefore(startedAt) ? startedAt : now;
        Objective objective = DrillScenario.of(spec.scenario())
                .flatMap(s -> seed.objectives().forComponent(s.component())).orElse(null);
        Long rtoObjective = objective == null ? null : objective.rto().toSeconds();
        Long rpoObjective = objective == null || objective.rpo() == null ? null : objective.rpo().toSeconds();
        Long rto = measured == null ? null : ceilSeconds(measured.restore());
        Long rpo = measured == null || measured.outcome().recoveredTo() == null ? null
                : Math.max(0, Duration.between(measured.outcome().recoveredTo(), startedAt).toSeconds());
        DrillVerdict verdict = DrillVerdict.of(restoreError, rto, rtoObjective, rpo, rpoObjective,
                measured == null ? null : measured.outcome().restoredFrom());
        boolean success = verdict.success();
        String error = verdict.error();
        DrillCompleted completed = new DrillCompleted(spec.drillId(), spec.scenario(), spec.type(), success,
                startedAt, completedAt, Duration.between(startedAt, completedAt).toSeconds(), rto, rpo, rtoObjective,
                rpoObjective, error);
        RestoreOutcome outcome = measured == null ? null : new RestoreOutcome(measured.outcome().restoredFrom(),
                measured.outcome().recoveredTo(), measured.outcome().bytes(),
                measured.outcome().location() + " (torn down)");
        boolean ended = QuarkusTransaction.requiringNew().call(() -> {
            if (!jobs.finish(job.jobId(), owner, success ? "SUCCEEDED" : "FAILED", outcome, error, completedAt)) {
                return false;
            }
            history.record(completed);
            publisher.publish(completed, job.jobId() + "/drill-completed");
            return true;
        });
        if (!ended) {
            LOG.warnf("drill end not recorded drillId=%s jobId=%s owner=%s: another worker took the job over",
                    spec.drillId(), job.jobId(), owner);
            return;
        }
        metrics.drill(spec.scenario(), success);
        LOG.infof("drill ended drillId=%s scenario=%s success=%s rtoSeconds=%s rpoSeconds=%s restoredFrom=%s",
                spec.drillId(), spec.scenario(), success, rto, rpo, outcome == null ? null : outcome.restoredFrom());
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    /**
     * Ends a drill whose worker crashed, which {@code owner} took over: scratch torn down,
     * DrillCompleted(success=false) with the reason.
     */
    public void failInterrupted(RestoreJob job, String owner, String reason) {
        scratch.removeAll(job.scratch());
        DrillSpec spec = DrillQueue.decode(job.request());
        Instant startedAt = job.startedAt() == null ? clock.instant() : job.startedAt();
        complete(job, owner, spec, startedAt, null, reason);
    }
}
