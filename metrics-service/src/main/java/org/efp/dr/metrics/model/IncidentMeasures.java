package org.efp.dr.metrics.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.efp.dr.common.config.RecoveryObjectives.Objective;

/**
 * The measured recovery metrics of an incident (seconds, null while unknown) and whether the component's RTO and
 * RPO were met (null while undecided). Only rtoMet depends on the time of measurement: it turns false once an
 * open incident outlives its RTO. {@code monitoring} is {@link Incident#monitoring()}.
 */
public record IncidentMeasures(String state, Long timeToDetectSeconds, Long timeToRespondSeconds,
        Long timeToRecoverSeconds, Long dataLossSeconds, Boolean rtoMet, Boolean rpoMet, String monitoring) {

    public static final String DETECTED = "DETECTED";
    public static final String RECOVERING = "RECOVERING";
    public static final String RECOVERY_FAILED = "RECOVERY_FAILED";
    public static final String RECOVERED = "RECOVERED";
    /**
     * The outage ended without a recovery of the platform that counts (notify-only, or back by itself or by hand);
     * time to recover is how long it lasted.
     */
    public static final String RESOLVED = "RESOLVED";
    /** A recovery succeeded and the checks after it (monitor_recovery) are still running. */
    public static final String MONITORING = "MONITORING";

    /** Measures an incident whose outage is known. */
    public static IncidentMeasures of(Incident incident, Optional<Objective> objective, Instant now) {
        Long detect = seconds(incident.outageStartedAt(), incident.detectedAt());
        Long respond = incident.respondedAt().map(at -> seconds(incident.detectedAt(), at)).orElse(null);
        Optional<RecoveryRun> recovery = incident.recovery();
        String state = state(incident);
        Long recover = recovery.map(run -> seconds(incident.outageStartedAt(), run.completedAt()))
                .orElse(RESOLVED.equals(state) ? seconds(incident.outageStartedAt(), incident.resolvedAt()) : null);
        Long dataLoss = recovery.map(run -> dataLoss(incident, run)).orElse(null);
        Long rto = objective.map(Objective::rto).map(Duration::getSeconds).orElse(null);
        Long rpo = objective.map(Objective::rpo).map(Duration::getSeconds).orElse(null);
        Boolean rtoMet = null;
        if (rto != null && recover != null) {
            rtoMet = recover <= rto;
        } else if (rto != null && seconds(incident.outageStartedAt(), now) > rto) {
            rtoMet = false;
        }
        Boolean rpoMet = rpo != null && dataLoss != null ? dataLoss <= rpo : null;
        return new IncidentMeasures(state, detect, respond, recover, dataLoss, rtoMet, rpoMet,
                incident.monitoring());
    }

    private static String state(Incident incident) {
        if (incident.recovery().isPresent()) {
            return RECOVERED;
        }
        if (incident.recoveries().stream().anyMatch(RecoveryRun::monitoringPending)) {
            return MONITORING;
        }
        if (incident.recoveries().stream().anyMatch(run -> !run.ended())) {
            return RECOVERING;
        }
        if (incident.resolvedAt() != null) {
            return RESOLVED;
        }
        return incident.recoveries().isEmpty() ? DETECTED : RECOVERY_FAILED;
    }

    private static Long dataLoss(Incident incident, RecoveryRun run) {
        if (run.dataLossSeconds() != null) {
            return run.dataLossSeconds();
        }
        return run.recoveredTo() == null ? null : seconds(run.recoveredTo(), incident.outageStartedAt());
    }

    /** Whole seconds from {@code from} to {@code to}, never negative (a recovery may start before it is declared). */
    static Long seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).getSeconds());
    }
}
