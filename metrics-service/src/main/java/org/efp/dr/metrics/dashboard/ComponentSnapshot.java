package org.efp.dr.metrics.dashboard;

import java.time.Instant;

/**
 * The periodic per-component view for dashboards (CloudEvents type {@value #CE_TYPE} on dr.metrics): objectives,
 * current RPO exposure, open incidents and the last drill that exercised the component.
 */
public record ComponentSnapshot(String component, String name, Long rtoObjectiveSeconds, Long rpoObjectiveSeconds,
        String rpoKind, Instant newestRecoverablePointAt, Long rpoExposureSeconds, Boolean rpoMet, long openIncidents,
        LastDrill lastDrill, Instant takenAt) {

    public static final String CE_TYPE = "org.efp.dr.ComponentSnapshot.v1";

    /** The latest drill of a scenario mapped to the component. */
    public record LastDrill(String drillId, String scenario, boolean success, Instant completedAt,
            Long measuredRtoSeconds, Long measuredRpoSeconds) {
    }
}
