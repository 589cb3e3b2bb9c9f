package org.efp.dr.metrics.threshold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.config.RecoveryThresholds;
import org.efp.dr.common.config.RecoveryThresholds.Threshold;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.IncidentMeasures;

/**
 * The guide's RECOVERY_METRICS thresholds and the component's RTO/RPO, applied to an incident: which are breached
 * (a deadline that passed while the incident is open counts at once) and when the next one falls due.
 */
@ApplicationScoped
public class ThresholdPolicy {

    private final RecoveryThresholds thresholds;
    private final RecoveryObjectives objectives;

    public ThresholdPolicy(SeedConfig seed) {
        this.thresholds = seed.thresholds();
        this.objectives = seed.objectives();
    }

    public Optional<Objective> objective(String component) {
        return component == null ? Optional.empty() : objectives.forComponent(component);
    }

    public RecoveryObjectives objectives() {
        return objectives;
    }

    /** The guide's detect / respond / recover / data-loss thresholds. */
    public RecoveryThresholds thresholds() {
        return thresholds;
    }

    /** Breaches of an incident whose outage is known, as of {@code now}. */
    public List<Breach> breaches(Incident incident, IncidentMeasures measures, Instant now) {
        List<Breach> breaches = new ArrayList<>();
        Threshold detect = thresholds.timeToDetect();
        check(breaches, Breach.TIME_TO_DETECT, detect, limit(detect, incident), measures.timeToDetectSeconds());
        Threshold respond = thresholds.timeToRespond();
        check(breaches, Breach.TIME_TO_RESPOND, respond, limit(respond, incident), measures.timeToRespondSeconds(),
                incident.open() ? incident.detectedAt() : null, now);
        Threshold recover = thresholds.timeToRecover();
        check(breaches, Breach.TIME_TO_RECOVER, recover, limit(recover, incident),
                measures.timeToRecoverSeconds(), incident.outageStartedAt(), now);
        Threshold loss = thresholds.dataLoss();
        check(breaches, Breach.DATA_LOSS, loss, limit(loss, incident), measures.dataLossSeconds());
        objective(incident.component()).ifPresent(objective -> {
            check(breaches, Breach.RTO, null, objective.rto(), measures.timeToRecoverSeconds(),
                    incident.outageStartedAt(), now);
            if (objective.rpo() != null) {
                check(breaches, Breach.RPO, null, objective.rpo(), measures.dataLossSeconds());
            }
        });
        return breaches;
    }

    /** The next instant after {@code now} at which an open incident passes a deadline; empty when none is left. */
    public Optional<Instant> nextDeadline(Incident incident, Instant now) {
        if (!incident.outageKnown() || !incident.open()) {
            return Optional.empty();
        }
        Stream<Instant> respond = incident.respondedAt().isPresent() ? Stream.empty()
                : Stream.of(incident.detectedAt().plus(limit(thresholds.timeToRespond(), incident)));
        Stream<Instant> recover = Stream.of(incident.outageStartedAt().plus(limit(thresholds.timeToRecover(),
                incident)));
        Stream<Instant> rto = objective(incident.component()).stream()
                .map(objective -> incident.outageStartedAt().plus(objective.rto()));
        return Stream.of(respond, recover, rto).flatMap(s -> s).filter(at -> at.isAfter(now))
                .min(Instant::compareTo);
    }

    private static Duration limit(Threshold threshold, Incident incident) {
        return threshold.limitFor(incident.severity());
    }

    /** A metric still running (observed null) breaches as soon as the time since {@code runningSince} passes. */
    private static void check(List<Breach> out, String metric, Threshold threshold, Duration limit, Long observed,
            Instant runningSince, Instant now) {
        if (observed != null || runningSince == null) {
            check(out, metric, threshold, limit, observed);
            return;
        }
        long elapsed = Math.max(0, Duration.between(runningSince, now).getSeconds());
        if (elapsed > limit.getSeconds() && alerts(threshold)) {
            out.add(new Breach(metric, limit.getSeconds(), elapsed, true));
        }
    }

    private static void check(List<Breach> out, String metric, Threshold threshold, Duration limit, Long observed) {
        if (observed != null && observed > limit.getSeconds() && alerts(threshold)) {
            out.add(new Breach(metric, limit.getSeconds(), observed, false));
        }
    }

    private static boolean alerts(Threshold threshold) {
        return threshold == null || threshold.alert();
    }
}
