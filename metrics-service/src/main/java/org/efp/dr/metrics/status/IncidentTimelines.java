package org.efp.dr.metrics.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.config.RecoveryThresholds;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.incident.IncidentView;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.RecoveryRun;
import org.efp.dr.metrics.status.StatusSnapshot.IncidentStatus;
import org.efp.dr.metrics.status.StatusSnapshot.Phase;
import org.efp.dr.metrics.threshold.ThresholdPolicy;

/**
 * The incidents the status page shows: every open one and the newest recovered ones, each as detect → respond →
 * recover against the guide's thresholds for its severity (recover against its component's RTO when tighter).
 */
@ApplicationScoped
public class IncidentTimelines {

    static final int MAX_OPEN = 50;
    static final int RECENT = 10;

    private final IncidentRepository incidents;
    private final ThresholdPolicy policy;

    public IncidentTimelines(IncidentRepository incidents, ThresholdPolicy policy) {
        this.incidents = incidents;
        this.policy = policy;
    }

    public List<IncidentStatus> current(Instant now) {
        Map<String, IncidentView> shown = new LinkedHashMap<>();
        incidents.list(true, MAX_OPEN).forEach(i -> shown.put(i.incidentId(), i));
        incidents.list(false, RECENT).forEach(i -> shown.putIfAbsent(i.incidentId(), i));
        return shown.values().stream().map(view -> status(view, incidents.load(view.incidentId()), now)).toList();
    }

    IncidentStatus status(IncidentView view, Incident incident, Instant now) {
        Severity severity = Severity.valueOf(view.severity());
        RecoveryThresholds thresholds = policy.thresholds();
        Optional<Objective> objective = policy.objective(view.component());
        Instant recoveredAt = incident.recovery().map(RecoveryRun::completedAt).orElse(null);
        // A phase of a recovered incident that never ended (no recovery was reported started) is not measured.
        Instant running = recoveredAt == null ? now : null;
        List<Phase> phases = new ArrayList<>();
        phases.add(phase("detect", view.outageStartedAt(), view.detectedAt(),
                thresholds.timeToDetect().limitFor(severity), "guide threshold", running));
        phases.add(phase("respond", view.detectedAt(), incident.respondedAt().orElse(null),
                thresholds.timeToRespond().limitFor(severity), "guide threshold", running));
        Duration recover = thresholds.timeToRecover().limitFor(severity);
        boolean rtoTighter = objective.isPresent() && objective.get().rto().compareTo(recover) < 0;
        phases.add(phase("recover", view.outageStartedAt(), recoveredAt,
                rtoTighter ? objective.get().rto() : recover, rtoTighter ? "RTO" : "guide threshold", running));
        return new IncidentStatus(view.incidentId(), view.component(), view.severity(), view.state(),
                recoveredAt == null, view.monitoring(), view.outageStartedAt(),
                objective.map(o -> o.rto().getSeconds()).orElse(null), view.rtoMet(), phases);
    }

    /** {@code now}: the instant a phase still running is measured to; null when it is not measured. */
    private static Phase phase(String name, Instant from, Instant to, Duration limit, String limitName,
            Instant now) {
        long limitSeconds = limit.getSeconds();
        Instant end = to != null ? to : now;
        if (end == null) {
            return new Phase(name, from, null, null, limitSeconds, limitName, null);
        }
        long seconds = Math.max(0, Duration.between(from, end).getSeconds());
        Boolean met = to != null ? Boolean.valueOf(seconds <= limitSeconds) : seconds > limitSeconds ? false : null;
        return new Phase(name, from, to, seconds, limitSeconds, limitName, met);
    }
}
