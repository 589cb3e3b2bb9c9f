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

    /** Moved to {@code phase}, saying {@code detail}. */
    public LiveDrill moved(Phase phase, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, phase, target, brokenAt, incidentId,
                detectedAt, recoveredAt, finishedAt, ready, detail);
    }

    /** {@code target} chosen to be broken, as of {@code at}. */
    public LiveDrill breaking(String target, Instant at, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, Phase.BREAKING, target, at, null, null,
                null, null, false, detail);
    }

    /** Broken at {@code at} (taken just before the break: detection can only come after it). */
    public LiveDrill broken(Instant at, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, phase, target, at, incidentId, detectedAt,
                recoveredAt, finishedAt, false, detail);
    }

    /** Detected as {@code incident} at {@code at}. */
    public LiveDrill detected(String incident, Instant at, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, Phase.DETECTED, target, brokenAt, incident,
                at, null, null, false, detail);
    }

    /** Recovered at {@code at}. */
    public LiveDrill recovered(Instant at, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, Phase.RECOVERED, target, brokenAt,
                incidentId, detectedAt, at, null, false, detail);
    }

    /** Finished at {@code at}, {@code ready} for the next failure or not. */
    public LiveDrill finished(Instant at, boolean ready, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, Phase.FINISHED, target, brokenAt,
                incidentId, detectedAt, recoveredAt, at, ready, detail);
    }

    /** Finished at {@code at} with nothing broken. */
    public LiveDrill unbroken(Instant at, String detail) {
        return new LiveDrill(drillId, scenario, requestedBy, requestedAt, Phase.FINISHED, target, null, null, null,
                null, at, false, detail);
    }
}
