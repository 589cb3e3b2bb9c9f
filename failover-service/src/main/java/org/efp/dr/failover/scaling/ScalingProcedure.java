package org.efp.dr.failover.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepProcedure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.common.jobs.StepStates;
import org.efp.dr.failover.cache.CacheRecovery;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.efp.dr.failover.recovery.TypedProcedure;

/**
 * Stops, starts and restarts deployments ({@code target}: comma-separated names). Scale-down remembers each count;
 * scale-up restores it (or {@code parameters.replicas}). A dry run reports what it would do. A restart of the cache
 * component goes on to verify the cache answers and to warm it ({@link CacheRecovery}).
 */
@ApplicationScoped
public class ScalingProcedure extends TypedProcedure<ScalingProcedure.Step, ScalingState> {

    /** The steps; a plan runs some of them, in this order. The cache's two are {@link CacheRecovery#STEPS}. */
    enum Step {
        SCALE_DOWN,
        SCALE_UP,
        VERIFY_CACHE,
        WARM_CACHE;

        boolean cache() {
            return this == VERIFY_CACHE || this == WARM_CACHE;
        }
    }

    private final Scaler scaler;
    private final CacheRecovery cache;

    public ScalingProcedure(Scaler scaler, CacheRecovery cache) {
        this.scaler = scaler;
        this.cache = cache;
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.RESTART, RecoveryAction.SCALE_DOWN, RecoveryAction.SCALE_UP);
    }

    @Override
    public List<Step> plan(RecoveryJob job) {
        return switch (job.action()) {
            case SCALE_DOWN -> List.of(Step.SCALE_DOWN);
            case SCALE_UP -> List.of(Step.SCALE_UP);
            default -> cache.covers(job) ? List.of(Step.values()) : List.of(Step.SCALE_DOWN, Step.SCALE_UP);
        };
    }

    @Override
    public Class<ScalingState> stateType() {
        return ScalingState.class;
    }

    @Override
    public StepResult<ScalingState> step(RecoveryJob job, Step step, ScalingState state) throws Exception {
        if (step.cache()) {
            return job.dryRun() ? StepResult.done(state, "dry run, would " + StepProcedure.label(step))
                    : cacheStep(step, state);
        }
        String ns = scaler.namespace(job.parameter("namespace", null));
        List<String> done = new ArrayList<>();
        ScalingState scaled = state;
        try {
            for (String name : deployments(job)) {
                if (step == Step.SCALE_DOWN) {
                    if (!scaled.replicas().containsKey(name)) {
                        int current = scaler.replicas(ns, name);
                        // Recorded before the scale, so a rollback restores it even when the scale fails.
                        scaled = scaled.withReplicas(name, current);
                        if (!job.dryRun()) {
                            scaler.remember(job.recoveryId(), ns, name, current);
                            scaler.scale(ns, name, 0);
                        }
                    }
                    done.add(name + " " + scaled.replicas().get(name) + "->0");
                } else {
                    int wanted = wanted(job, ns, name, scaled);
                    if (!job.dryRun()) {
                        scaled = scaled.withPrevious(name, scaler.scale(ns, name, wanted));
                    }
                    done.add(name + " ->" + wanted);
                }
            }
        } catch (Exception e) {
            throw scaled == state ? e : new StepFailure(scaled, e);
        }
        return StepResult.done(scaled, (job.dryRun() ? "dry run, would scale " : "scaled ") + ns + ": " + done);
    }

    /** The cache's steps keep their measures in the persisted map, under {@code cache.}. */
    private StepResult<ScalingState> cacheStep(Step step, ScalingState state) throws Exception {
        Map<String, String> persisted = StepStates.toMap(state);
        StepOutcome outcome;
        try {
            outcome = cache.run(StepProcedure.label(step), persisted);
        } catch (Exception e) {
            throw new StepFailure(state(persisted), e);
        }
        ScalingState measured = state(persisted);
        return outcome.waiting() ? StepResult.waitFor(measured, outcome.waitingFor(), outcome.waitUntil(),
                outcome.detail()) : StepResult.done(measured, outcome.detail());
    }

    @Override
    public List<String> undo(RecoveryJob job, Step failed, ScalingState state, String error) {
        if (job.dryRun() || failed.cache()) {
            // The cache's deployments did restart: scaling them back to what they were before would stop them.
            return List.of();
        }
        String ns = scaler.namespace(job.parameter("namespace", null));
        List<String> undone = new ArrayList<>();
        for (String name : deployments(job)) {
            Integer before = state.previous().getOrDefault(name, state.replicas().get(name));
            if (before != null) {
                scaler.scale(ns, name, before);
                undone.add(ns + "/" + name + " back to " + before);
            }
        }
        return undone;
    }

    @Override
    protected Completion complete(RecoveryJob job, ScalingState state) {
        return cache.covers(job) && !job.dryRun() ? cache.completion(StepStates.toMap(state)) : Completion.plain();
    }

    private int wanted(RecoveryJob job, String ns, String name, ScalingState state) {
        String explicit = job.parameter("replicas", null);
        if (explicit != null) {
            return Integer.parseInt(explicit);
        }
        Integer mine = state.replicas().get(name);
        if (mine != null && mine > 0) {
            return mine;
        }
        return scaler.remembered(ns, name).orElse(1);
    }

    static List<String> deployments(RecoveryJob job) {
        if (job.target() == null || job.target().isBlank()) {
            throw new IllegalArgumentException("target must name the deployments to scale");
        }
        return Arrays.stream(job.target().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
