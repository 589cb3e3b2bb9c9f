package org.efp.dr.restore.drill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a drill job was asked to do; {@code target} is the database drilled (energy_forecast when absent), unused
 * by model drills; {@code mode} how a database drill restores: {@code physical} (BASE + WAL, the path with a
 * seconds-level RPO), {@code logical} (FULL dump), {@code auto} (physical when a BASE backup exists) or absent
 * (the configured default).
 */
public record DrillSpec(String drillId, String scenario, String type, String requestedBy, Instant requestedAt,
        String target, String mode) {

    /** The ways a database drill restores. */
    public static final List<String> MODES = List.of("auto", "physical", "logical");

    public DrillSpec {
        org.efp.dr.common.events.Require.id(drillId, "drillId");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(type, "type");
        requestedBy = requestedBy == null ? "operator" : requestedBy;
        target = target == null || target.isBlank() ? "energy_forecast" : target;
        if (mode != null && !MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + ", not " + mode);
        }
    }
}
