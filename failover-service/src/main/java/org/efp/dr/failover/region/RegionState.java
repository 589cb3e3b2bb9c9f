package org.efp.dr.failover.region;

import java.util.HashMap;
import java.util.Map;

/**
 * What a region failover changed so far, for its rollback: where the DNS record pointed before the switch
 * ({@code dnsBefore}) and the replica count each deployment had before scale-up ({@code scaled}).
 */
record RegionState(String dnsBefore, Map<String, Integer> scaled) {

    RegionState {
        scaled = scaled == null ? Map.of() : Map.copyOf(scaled);
    }

    /** Keeps the first target seen: a re-run switch must not record its own result as the original. */
    RegionState withDnsBefore(String before) {
        return dnsBefore != null ? this : new RegionState(before, scaled);
    }

    /** Keeps the first count seen, for the same reason. */
    RegionState withScaled(String deployment, int before) {
        if (scaled.containsKey(deployment)) {
            return this;
        }
        Map<String, Integer> counts = new HashMap<>(scaled);
        counts.put(deployment, before);
        return new RegionState(dnsBefore, counts);
    }
}
