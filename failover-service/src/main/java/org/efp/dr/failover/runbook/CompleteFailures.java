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
 * Sees a complete failure in separate outages: when an incident of every component the runbook's
 * {@code complete-failure} names is open and being recovered, all detected within its window of each other (and after
 * the last complete failure), they are one outage of everything. That is declared as its own CRITICAL incident, whose plan (the
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

    /** Declares the complete failure the open incidents add up to, if they do; returns it when new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Incident> check(RunbookFile.CompleteFailure rule) {
        if (!rule.enabled()) {
            return Optional.empty();
        }
        Instant after = incidents.lastDetected(rule.component()).orElse(Instant.EPOCH);
        List<Incident> open = incidents.newestOpen(rule.components(), after, true);
        if (open.size() < rule.components().size()) {
            return Optional.empty();
        }
        Instant first = open.stream().map(Incident::detectedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = open.stream().map(Incident::detectedAt).max(Comparator.naturalOrder()).orElseThrow();
        if (Duration.between(first, last).compareTo(rule.withinDuration()) > 0) {
            return Optional.empty();
        }
        Instant started = open.stream().map(Incident::outageStartedAt).min(Comparator.naturalOrder()).orElseThrow();
        String lost = String.join(", ", open.stream().map(i -> i.component() + " (" + i.incidentId() + ")").toList());
        Declaration declaration = new Declaration(rule.component(), Severity.CRITICAL, "complete failure: " + lost
                + " lost within " + Duration.between(first, last).toSeconds() + "s of each other", SOURCE, started,
                clock.instant(), "complete-failure:" + rule.component());
        IncidentStore.Opened opened = detection.declare(declaration, "runbook");
        if (!opened.created()) {
            return Optional.empty();
        }
        LOG.infof("complete failure declared incidentId=%s from %s", opened.incident().incidentId(), lost);
        return Optional.of(opened.incident());
    }

    /** The system recovery of a declared complete failure succeeded: everything is back, so its incident ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted completed) {
        if (completed.action() != RecoveryAction.SYSTEM_RECOVERY || completed.status() != RecoveryStatus.SUCCEEDED) {
            return;
        }
        incidents.find(completed.incidentId())
                .filter(i -> SOURCE.equals(i.source()) && Incident.OPEN.equals(i.status()))
                .ifPresent(i -> detection.resolveById(i.incidentId(), "system-recovery " + completed.recoveryId()));
    }
}
