package org.efp.dr.common.events;

import java.time.Instant;

/**
 * The periodic per-component view for dashboards on {@value Topics#METRICS}: the component's objectives, its
 * current RPO exposure (age of the newest recoverable point), open incidents and the last drill that exercised it.
 */
public record ComponentSnapshot(String component, String name, Long rtoObjectiveSeconds, Long rpoObjectiveSeconds,
        String rpoKind, Instant newestRecoverablePointAt, Long rpoExposureSeconds, Boolean rpoMet, long openIncidents,
        LastDrill lastDrill, Instant takenAt) implements MetricsEvent {

    public ComponentSnapshot {
        Require.name(component, "component");
        Require.text(name, "name");
        Require.notNegative(rtoObjectiveSeconds, "rtoObjectiveSeconds");
        Require.notNegative(rpoObjectiveSeconds, "rpoObjectiveSeconds");
        Require.notNegative(rpoExposureSeconds, "rpoExposureSeconds");
        Require.notNegative(openIncidents, "openIncidents");
        Require.present(takenAt, "takenAt");
    }

    /** The latest drill of a scenario mapped to the component. */
    public record LastDrill(String drillId, String scenario, boolean success, Instant completedAt,
            Long measuredRtoSeconds, Long measuredRpoSeconds) {
    }

    @Override
    public String subject() {
        return component;
    }
}
