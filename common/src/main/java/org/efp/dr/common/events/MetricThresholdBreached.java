package org.efp.dr.common.events;

import java.time.Instant;

/**
 * A recovery metric passed its threshold ({@code metric} like time_to_recover or rpo_exposure), possibly while
 * the incident is still open. {@code incidentId} is null for breaches outside an incident (RPO exposure).
 * {@code detail} says in words what was out of bounds when the seconds do not tell it all (the signals of a failed
 * recovery monitoring); null otherwise, and from producers that predate the field.
 */
public record MetricThresholdBreached(String incidentId, String component, String metric, Severity severity,
        long thresholdSeconds, long observedSeconds, boolean incidentOpen, Instant breachedAt, String detail)
        implements MetricsEvent {

    /** A breach its seconds describe fully. */
    public MetricThresholdBreached(String incidentId, String component, String metric, Severity severity,
            long thresholdSeconds, long observedSeconds, boolean incidentOpen, Instant breachedAt) {
        this(incidentId, component, metric, severity, thresholdSeconds, observedSeconds, incidentOpen, breachedAt,
                null);
    }

    public MetricThresholdBreached {
        Require.name(component, "component");
        Require.name(metric, "metric");
        Require.present(severity, "severity");
        Require.notNegative(thresholdSeconds, "thresholdSeconds");
        Require.notNegative(observedSeconds, "observedSeconds");
        Require.present(breachedAt, "breachedAt");
        if (detail != null) {
            Require.text(detail, "detail", 4000);
        }
    }

    @Override
    public String subject() {
        return incidentId != null ? incidentId : component;
    }
}
