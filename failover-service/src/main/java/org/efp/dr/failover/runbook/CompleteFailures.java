package org.efp.dr.failover.runbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.failover.detection.Declaration;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.detection.IncidentStore;
import org.jboss.logging.Logger;

/**
 * Sees a complete failure in separate outages: when every component the runbook's {@code complete-failure} names
 * had an incident that is being (or was) recovered, all detected within its window before now (and after the last
 * complete failure), they are one outage of everything. Fast repairs count too: a database rebuilt before the models'
 * loss was even detected was still lost with them. A standby's re-sync does not count. That is declared as its own CRITICAL incident, whose plan (the
 * system-recovery saga) adopts the components' recoveries already running and does the rest in the guide's order.
 * The components' incidents stay open and are measured on their own.
 */
@ApplicationScoped
public class CompleteFailures {

    /** The source of a complete failure declared here. */
    public static final String SOURCE = "correlation";

    private static final Logger LOG = Logger.getLogger(CompleteFailures.class);

    private final IncidentStore incidents;
    private final Detection detection;
    private final Clock clock;

    public CompleteFailures(IncidentStore incidents, Detection detection, Clock clock) {
        this.incidents = incidents;
        this.detection = detection;
        this.clock = clock;
    }

    /** Declares the complete failure the recent incidents add up to, if they do; returns it when new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Incident> check(RunbookFile.CompleteFailure rule) {
        if (!rule.enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant windowStart = now.minus(rule.withinDuration());
        Instant last = incidents.lastDetected(rule.component()).orElse(Instant.EPOCH);
        List<Incident> lost = incidents.newest(rule.components(), last.isAfter(windowStart) ? last : windowStart,
                false, true);
        if (lost.size() < rule.components().size()) {
            return Optional.empty();
        }
        Instant first = lost.stream().map(Incident::detectedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant started = lost.stream().map(Incident::outageStartedAt).min(Comparator.naturalOrder()).orElseThrow();
        String names = String.join(", ", lost.stream().map(i -> i.component() + " (" + i.incidentId() + ")").toList());
        // The set names the failure: replicas that see it at once open one incident, a later one opens its own.
        String fingerprint = "complete-failure:" + rule.component() + ":" + String.join(",",
                lost.stream().map(Incident::incidentId).sorted().toList());
        Declaration declaration = new Declaration(rule.component(), Severity.CRITICAL, "complete failure: " + names
                + " lost within " + Duration.between(first, now).toSeconds() + "s", SOURCE, started, now,
                fingerprint);
        IncidentStore.Opened opened = detection.declare(declaration, "runbook");
        if (!opened.created()) {
            return Optional.empty();
        }
        LOG.infof("complete failure declared incidentId=%s from %s", opened.incident().incidentId(), names);
        return Optional.of(opened.incident());
    }

    /**
     * The system recovery the runbook started for a declared complete failure succeeded: everything is back, so its
     * incident ends (not for another SYSTEM_RECOVERY naming it, such as an operator's dry run).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted completed) {
        if (completed.action() != RecoveryAction.SYSTEM_RECOVERY || completed.status() != RecoveryStatus.SUCCEEDED) {
            return;
        }
        incidents.find(completed.incidentId())
                .filter(i -> SOURCE.equals(i.source()) && Incident.OPEN.equals(i.status()))
                .filter(i -> completed.recoveryId().equals(incidents.attempts(i.incidentId()).lastRecovery()))
                .ifPresent(i -> detection.resolveById(i.incidentId(), "system-recovery " + completed.recoveryId()));
    }
}
