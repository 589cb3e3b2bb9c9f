package org.efp.dr.failover.detection;

import java.time.Instant;

import org.efp.dr.common.events.Severity;

/**
 * A declared outage as this service keeps it: open until its alert resolves or an operator closes it;
 * {@code decision}: what the runbook did about it and why (acted, joined a running recovery, or nothing).
 */
public record Incident(String incidentId, String fingerprint, String component, Severity severity, String impact,
        String source, String status, Instant outageStartedAt, Instant detectedAt, Instant resolvedAt, int repeats,
        String decision) {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
}
