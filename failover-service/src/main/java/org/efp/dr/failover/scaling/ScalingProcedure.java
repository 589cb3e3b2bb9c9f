package org.efp.dr.failover.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;

/**
 * Stops, starts and restarts deployments ({@code target}: comma-separated names). Scale-down remembers each count;
 * scale-up restores it (or {@code parameters.replicas}). A dry run reports what it would do.
 */
@ApplicationScoped
public class ScalingProcedure implements Procedure {

    private final Scaler scaler;

    public ScalingProcedure(Scaler scaler) {
        this.scaler = scaler;
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
            default -> List.of("scale-down", "scale-up");
        };
    }

    @Override
    public StepOutcome run(RecoveryJob job, int index, Map<String, String> state) {
        String step = steps(job).get(index);
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
        if (job.dryRun()) {
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
