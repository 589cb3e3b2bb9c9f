package org.efp.dr.common.events;

import java.time.Instant;

/**
 * A recovery metric passed its threshold ({@code metric} like time_to_recover or rpo_exposure), possibly while
 * the incident is still open. {@code incidentId} is null for breaches outside an incident (RPO exposure).
 */
public record MetricThresholdBreached(String incidentId, String component, String metric, Severity severity,
        long thresholdSeconds, long observedSeconds, boolean incidentOpen, Instant breachedAt)
        implements MetricsEvent {

    public MetricThresholdBreached {
        Require.name(component, "component");
        Require.name(metric, "metric");
        Require.present(severity, "severity");
        Require.notNegative(thresholdSeconds, "thresholdSeconds");
        Require.notNegative(observedSeconds, "observedSeconds");
        Require.present(breachedAt, "breachedAt");
    }

    @Override
    public String subject() {
        return incidentId != null ? incidentId : component;
    }
}
