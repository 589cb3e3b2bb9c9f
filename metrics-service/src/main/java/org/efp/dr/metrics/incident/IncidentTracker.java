package org.efp.dr.metrics.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryMetrics;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.IncidentMeasures;
import org.efp.dr.metrics.model.RecoveryRun;
import org.efp.dr.metrics.prometheus.RecoveryMeters;
import org.efp.dr.metrics.threshold.Breach;
import org.efp.dr.metrics.threshold.BreachLedger;
import org.efp.dr.metrics.threshold.ThresholdPolicy;
import org.efp.dr.metrics.tx.AfterCommit;

/**
 * Correlates outage and recovery events by incident id. After each event (and each passed deadline) the incident
 * is measured again; a change is stored, published as RecoveryMetrics and recorded in the histograms, and new
 * breaches are announced. The same facts in any order, any number of times, give the same result.
 */
@ApplicationScoped
public class IncidentTracker {

    private final IncidentRepository incidents;
    private final ThresholdPolicy policy;
    private final BreachLedger breaches;
    private final EventPublisher publisher;
    private final RecoveryMeters meters;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;

    public IncidentTracker(IncidentRepository incidents, ThresholdPolicy policy, BreachLedger breaches,
            EventPublisher publisher, RecoveryMeters meters, TransactionSynchronizationRegistry transactions,
            Clock clock) {
        this.incidents = incidents;
        this.policy = policy;
        this.breaches = breaches;
        this.publisher = publisher;
        this.meters = meters;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onOutage(OutageDetected outage) {
        incidents.lock(outage.incidentId());
        Incident current = incidents.load(outage.incidentId());
        Incident merged = current.withOutage(outage);
        if (!merged.equals(current)) {
            incidents.saveOutage(merged);
        }
        refresh(outage.incidentId());
    }

    /**
     * Whether {@code recoveryId} is a part of another recovery: restore-service asks failover-service to stop and
     * start the affected services around a restore as {@code <recoveryId>:stop-services} and
     * {@code :restart-services}. Such a part succeeding does not recover the incident (the restore may still fail).
     */
    public static boolean partOfAnother(String recoveryId) {
        return recoveryId.indexOf(':') > 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onRecoveryStarted(RecoveryStarted started) {
        if (partOfAnother(started.recoveryId())) {
            return;
        }
        incidents.lock(started.incidentId());
        incidents.mergeRun(started.incidentId(), new RecoveryRun(started.recoveryId(), started.component(),
                started.startedAt(), null, null, null, null));
        refresh(started.incidentId());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onStep(RecoveryStepCompleted step) {
        if (partOfAnother(step.recoveryId())) {
            return;
        }
        incidents.lock(step.incidentId());
        incidents.addStep(step);
    }

    /** An incident failover-service closed: without a recovery that counts it ends RESOLVED, and its deadlines go. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onResolved(IncidentResolved resolved) {
        incidents.lock(resolved.incidentId());
        incidents.saveResolved(resolved.incidentId(), resolved.resolvedAt(), resolved.resolvedBy());
        refresh(resolved.incidentId());
    }

    /** Locks the incident (creating its row) until the transaction ends; every change of it starts so. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String incidentId) {
        incidents.lock(incidentId);
    }

    /**
     * Folds a completed recovery in. {@code monitoring} is the state of the checks after it (PENDING, PASSED,
     * FAILED; null when not monitored): a monitored recovery counts only once they passed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onRecoveryCompleted(RecoveryCompleted completed, String monitoring) {
        if (partOfAnother(completed.recoveryId())) {
            return;
        }
        incidents.lock(completed.incidentId());
        incidents.mergeRun(completed.incidentId(), new RecoveryRun(completed.recoveryId(), completed.component(),
                completed.startedAt(), completed.servingSince(), completed.status(), completed.recoveredTo(),
                completed.dataLossSeconds(), monitoring));
        refresh(completed.incidentId());
    }

    /** Measures the incident as of now; stores, publishes and alerts on what changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(String incidentId) {
        incidents.lock(incidentId);
        Incident incident = incidents.load(incidentId);
        if (!incident.outageKnown()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Objective> objective = policy.objective(incident.component());
        IncidentMeasures measures = IncidentMeasures.of(incident, objective, now);
        IncidentMeasures before = incidents.storedMeasures(incidentId);
        Instant deadline = policy.nextDeadline(incident, now).orElse(null);
        if (measures.equals(before)) {
            incidents.saveDeadline(incidentId, deadline);
        } else {
            long version = incidents.saveMeasures(incidentId, measures, deadline, now);
            publisher.publish(event(incident, measures, objective, now),
                    "recovery-metrics:" + incidentId + ":" + version);
            AfterCommit.run(transactions, () -> recordHistograms(incident, before, measures));
        }
        for (Breach breach : policy.breaches(incident, measures, now)) {
            breaches.raise(incidentId, incidentId, incident.component(), incident.severity(), breach, now);
        }
    }

    private static RecoveryMetrics event(Incident incident, IncidentMeasures m, Optional<Objective> objective,
            Instant now) {
        Long rto = objective.map(o -> o.rto().getSeconds()).orElse(null);
        Long rpo = objective.map(Objective::rpo).map(d -> d.getSeconds()).orElse(null);
        return new RecoveryMetrics(incident.incidentId(), incident.component(), incident.severity(), m.state(),
                m.timeToDetectSeconds(), m.timeToRespondSeconds(), m.timeToRecoverSeconds(), m.dataLossSeconds(),
                rto, rpo, m.rtoMet(), m.rpoMet(), now, m.monitoring());
    }

    private void recordHistograms(Incident incident, IncidentMeasures before, IncidentMeasures after) {
        String component = incident.component();
        String severity = incident.severity().name();
        recordIfNew(Breach.TIME_TO_DETECT, component, severity, before.timeToDetectSeconds(),
                after.timeToDetectSeconds());
        recordIfNew(Breach.TIME_TO_RESPOND, component, severity, before.timeToRespondSeconds(),
                after.timeToRespondSeconds());
        recordIfNew(Breach.TIME_TO_RECOVER, component, severity, before.timeToRecoverSeconds(),
                after.timeToRecoverSeconds());
        recordIfNew(Breach.DATA_LOSS, component, severity, before.dataLossSeconds(), after.dataLossSeconds());
    }

    private void recordIfNew(String metric, String component, String severity, Long before, Long after) {
        if (before == null && after != null) {
            meters.record(metric, component, severity, after);
        }
    }
}
