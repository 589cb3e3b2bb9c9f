package org.efp.dr.failover.scaling;

import java.util.HashMap;
import java.util.Map;

/**
 * What a scaling recovery learned so far, by deployment: {@code replicas}, the count each had when scale-down found
 * it (what scale-up restores); {@code previous}, the count scale-up replaced (what a rollback restores); and
 * {@code cache}, the cache recovery's measures after a restart of the cache (see its completion).
 */
record ScalingState(Map<String, Integer> replicas, Map<String, Integer> previous, Map<String, String> cache) {

    ScalingState {
        replicas = replicas == null ? Map.of() : Map.copyOf(replicas);
        previous = previous == null ? Map.of() : Map.copyOf(previous);
        cache = cache == null ? Map.of() : Map.copyOf(cache);
    }

    ScalingState withReplicas(String deployment, int count) {
        Map<String, Integer> found = new HashMap<>(replicas);
        found.put(deployment, count);
        return new ScalingState(found, previous, cache);
    }

    /** Keeps the first count scale-up replaced: a re-run step must not record its own result as the original. */
    ScalingState withPrevious(String deployment, int count) {
        Map<String, Integer> replaced = new HashMap<>(previous);
        replaced.putIfAbsent(deployment, count);
        return new ScalingState(replicas, replaced, cache);
    }
}
