package org.efp.dr.failover.livedrill;

import java.time.Instant;

/**
 * One live drill as recorded: where it is and what it has seen so far; {@code ready} once a standby streams again after
 * the recovery (the platform can take the next failure).
 */
public record LiveDrill(String drillId, String scenario, String requestedBy, Instant requestedAt, Phase phase,
        String target, Instant brokenAt, String incidentId, Instant detectedAt, Instant recoveredAt,
        Instant finishedAt, boolean ready, String detail) {

    /** A drill's phases, in order; FINISHED is its last, whatever came out of it. */
    public enum Phase {
        /** Asked for; the platform's readiness is checked before anything is broken. */
        REQUESTED,
        /** The primary to break is chosen and recorded; breaking it is under way. */
        BREAKING,
        /** Broken; waiting for the platform to detect the outage. */
        BROKEN,
        /** Detected; waiting for a writable primary and the incident resolved. */
        DETECTED,
        /** Recovered; waiting for a streaming standby, so the next failure can fail over again. */
        RECOVERED,
        /** Reported with DrillCompleted. */
        FINISHED
    }
}
