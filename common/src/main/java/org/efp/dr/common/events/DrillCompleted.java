package org.efp.dr.common.events;

import java.time.Instant;

/** A drill ended: success, duration, the RTO and RPO it measured and the objectives they are held against. */
public record DrillCompleted(String drillId, String scenario, String type, boolean success, Instant startedAt,
        Instant completedAt, long durationSeconds, Long measuredRtoSeconds, Long measuredRpoSeconds,
        Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, String error) implements DrillEvent {

    public DrillCompleted {
        Require.eventId(drillId, "drillId");
        Require.name(scenario, "scenario");
        Require.name(type, "type");
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
        Require.notNegative(durationSeconds, "durationSeconds");
        Require.notNegative(measuredRtoSeconds, "measuredRtoSeconds");
        Require.notNegative(measuredRpoSeconds, "measuredRpoSeconds");
        if (!success && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("error is required when a drill did not succeed");
        }
    }

    @Override
    public String subject() {
        return drillId;
    }
}
