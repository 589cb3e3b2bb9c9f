package org.efp.dr.common.events;

import java.time.Instant;

/**
 * An outage of {@code component}. {@code outageStartedAt} is when it began (first failed probe, alert start);
 * {@code detectedAt} when it was declared. {@code fingerprint} identifies repeats of the same outage.
 */
public record OutageDetected(String incidentId, String component, Severity severity, String impact, String source,
        Instant outageStartedAt, Instant detectedAt, String fingerprint) implements IncidentEvent {

    public OutageDetected {
        Require.eventId(incidentId, "incidentId");
        Require.name(component, "component");
        Require.present(severity, "severity");
        Require.text(impact, "impact");
        Require.text(source, "source");
        Require.present(outageStartedAt, "outageStartedAt");
        Require.present(detectedAt, "detectedAt");
        Require.ordered(outageStartedAt, detectedAt, "outageStartedAt", "detectedAt");
        Require.text(fingerprint, "fingerprint", 256);
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
