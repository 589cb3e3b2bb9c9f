package org.efp.dr.failover.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.cache.CacheRecovery;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;

/**
 * Stops, starts and restarts deployments ({@code target}: comma-separated names). Scale-down remembers each count;
 * scale-up restores it (or {@code parameters.replicas}). A dry run reports what it would do. A restart of the cache
 * component goes on to verify the cache answers and to warm it ({@link CacheRecovery}).
 */
@ApplicationScoped
public class ScalingProcedure implements Procedure {

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
    public List<String> steps(RecoveryJob job) {
        return switch (job.action()) {
            case SCALE_DOWN -> List.of("scale-down");
            case SCALE_UP -> List.of("scale-up");
            default -> cache.covers(job) ? restartCache() : List.of("scale-down", "scale-up");
        };
    }

    private static List<String> restartCache() {
        List<String> steps = new ArrayList<>(List.of("scale-down", "scale-up"));
        steps.addAll(CacheRecovery.STEPS);
        return steps;
    }

    @Override
    public StepOutcome run(RecoveryJob job, int index, Map<String, String> state) throws Exception {
        String step = steps(job).get(index);
        if (CacheRecovery.STEPS.contains(step)) {
            return job.dryRun() ? StepOutcome.done("dry run, would " + step) : cache.run(step, state);
        }
        String ns = scaler.namespace(job.parameter("namespace", null));
        List<String> done = new ArrayList<>();
        for (String name : deployments(job)) {
            if ("scale-down".equals(step)) {
                int current = state.containsKey("replicas." + name) ? 0 : scaler.replicas(ns, name);
                if (!state.containsKey("replicas." + name)) {
                    state.put("replicas." + name, String.valueOf(current));
                    if (!job.dryRun()) {
                        scaler.remember(job.recoveryId(), ns, name, current);
                        scaler.scale(ns, name, 0);
                    }
                }
                done.add(name + " " + state.get("replicas." + name) + "->0");
            } else {
                int wanted = wanted(job, ns, name, state);
                if (!job.dryRun()) {
                    int previous = scaler.scale(ns, name, wanted);
                    state.putIfAbsent("previous." + name, String.valueOf(previous));
                }
                done.add(name + " ->" + wanted);
            }
        }
        return StepOutcome.done((job.dryRun() ? "dry run, would scale " : "scaled ") + ns + ": " + done);
    }

    @Override
    public List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        if (job.dryRun() || CacheRecovery.STEPS.contains(steps(job).get(failedIndex))) {
            // The cache's deployments did restart: scaling them back to what they were before would stop them.
            return List.of();
        }
        String ns = scaler.namespace(job.parameter("namespace", null));
        List<String> undone = new ArrayList<>();
        for (String name : deployments(job)) {
            String before = state.getOrDefault("previous." + name, state.get("replicas." + name));
            if (before != null) {
                scaler.scale(ns, name, Integer.parseInt(before));
                undone.add(ns + "/" + name + " back to " + before);
            }
        }
        return undone;
    }

    @Override
    public Completion completion(RecoveryJob job, Map<String, String> state) {
        return cache.covers(job) && !job.dryRun() ? cache.completion(state) : Completion.plain();
    }

    private int wanted(RecoveryJob job, String ns, String name, Map<String, String> state) {
        String explicit = job.parameter("replicas", null);
        if (explicit != null) {
            return Integer.parseInt(explicit);
        }
        String mine = state.get("replicas." + name);
        if (mine != null && Integer.parseInt(mine) > 0) {
            return Integer.parseInt(mine);
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
