package org.efp.dr.restore.drill;

import java.time.Instant;
import java.util.Objects;

/**
 * What a drill job was asked to do; {@code target} is the database drilled (energy_forecast when absent), unused
 * by model drills.
 */
public record DrillSpec(String drillId, String scenario, String type, String requestedBy, Instant requestedAt,
        String target) {

    public DrillSpec {
        Objects.requireNonNull(drillId, "drillId");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(type, "type");
        requestedBy = requestedBy == null ? "operator" : requestedBy;
        target = target == null || target.isBlank() ? "energy_forecast" : target;
    }
}
