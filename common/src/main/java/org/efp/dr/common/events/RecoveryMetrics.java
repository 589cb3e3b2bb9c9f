package org.efp.dr.common.events;

import java.time.Instant;

/**
 * The measured recovery metrics of one incident so far (seconds; null while not yet known), and the component's
 * objectives. Published on every update, for dashboards. {@code monitoring} is the state of the checks after a
 * completed recovery ({@code PENDING}, {@code PASSED}, {@code FAILED}; null before any recovery completed, and from
 * producers that predate the field): a recovery counts only once its monitoring passed.
 */
public record RecoveryMetrics(String incidentId, String component, Severity severity, String state,
        Long timeToDetectSeconds, Long timeToRespondSeconds, Long timeToRecoverSeconds, Long dataLossSeconds,
        Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, Boolean rtoMet, Boolean rpoMet, Instant updatedAt,
        String monitoring) implements MetricsEvent {

    /** Metrics without a monitoring state (before any recovery completed). */
    public RecoveryMetrics(String incidentId, String component, Severity severity, String state,
            Long timeToDetectSeconds, Long timeToRespondSeconds, Long timeToRecoverSeconds, Long dataLossSeconds,
            Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, Boolean rtoMet, Boolean rpoMet, Instant updatedAt) {
        this(incidentId, component, severity, state, timeToDetectSeconds, timeToRespondSeconds, timeToRecoverSeconds,
                dataLossSeconds, rtoObjectiveSeconds, rpoObjectiveSeconds, rtoMet, rpoMet, updatedAt, null);
    }

    public RecoveryMetrics {
        Require.eventId(incidentId, "incidentId");
        Require.name(component, "component");
        Require.present(severity, "severity");
        Require.text(state, "state");
        Require.notNegative(timeToDetectSeconds, "timeToDetectSeconds");
        Require.notNegative(timeToRespondSeconds, "timeToRespondSeconds");
        Require.notNegative(timeToRecoverSeconds, "timeToRecoverSeconds");
        Require.notNegative(dataLossSeconds, "dataLossSeconds");
        Require.present(updatedAt, "updatedAt");
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
