package org.efp.dr.failover.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;


import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.failover.database.RebuiltPrimary;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.livedrill.LiveDrills;
import org.efp.dr.failover.recovery.ComponentRecoveries;
import org.efp.dr.failover.recovery.Recoveries;
import org.efp.dr.failover.region.Drills;
import org.efp.dr.failover.runbook.CompleteFailures;
import org.efp.dr.failover.runbook.Runbook;
import org.efp.dr.failover.runbook.RunbookConfig;
import org.efp.dr.failover.saga.SagaChildren;
import org.jboss.logging.Logger;

/**
 * What failover-service does with events: outages other services detected go to the runbook, recovery requests
 * for actions it owns become jobs, RecoveryCompleted moves a waiting saga on (and decides again the incidents that
 * joined it while a probe still finds their component down), and region drills and live drills are run.
 */
@ApplicationScoped
public class FailoverEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(FailoverEvents.class);

    private final Detection detection;
    private final Recoveries recoveries;
    private final SagaChildren sagaChildren;
    private final Drills drills;
    private final LiveDrills liveDrills;
    private final String ownName;
    private final ComponentRecoveries components;
    private final Duration settle;
    private final RebuiltPrimary rebuilt;
    private final Runbook runbook;
    private final CompleteFailures completeFailures;

    public FailoverEvents(Detection detection, Recoveries recoveries, SagaChildren sagaChildren, Drills drills,
            EventPublisher publisher, ComponentRecoveries components, RebuiltPrimary rebuilt, Runbook runbook,
            RunbookConfig runbookConfig, LiveDrills liveDrills, CompleteFailures completeFailures) {
        this.completeFailures = completeFailures;
        this.liveDrills = liveDrills;
        this.runbook = runbook;
        this.rebuilt = rebuilt;
        this.components = components;
        this.settle = runbookConfig.settle();
        this.ownName = publisher.source();
        this.detection = detection;
        this.recoveries = recoveries;
        this.sagaChildren = sagaChildren;
        this.drills = drills;
    }

    @Override
    public void handle(ReceivedEvent event) {
        boolean fromHere = ownName.equals(event.envelope().source());
        if (event.payload() instanceof OutageDetected outage && !fromHere) {
            detection.adopt(outage);
        } else if (event.payload() instanceof RecoveryRequested request && recoveries.runsHere(request.action())) {
            start(request);
        } else if (event.payload() instanceof RecoveryCompleted completed) {
            components.release(completed.recoveryId(), completed.status() == RecoveryStatus.SUCCEEDED, settle);
            runbook.retryJoined(completed.recoveryId());
            runbook.retryFailed(completed);
            sagaChildren.completed(completed);
            completeFailures.completed(completed);
            drills.completed(completed);
            rebuilt.completed(completed);
        } else if (event.payload() instanceof RecoveryStepCompleted step && step.serving()) {
            sagaChildren.serving(step);
        } else if (event.payload() instanceof DrillRequested drill && LiveDrills.isLive(drill)) {
            liveDrills.requested(drill);
        } else if (event.payload() instanceof DrillRequested drill) {
            drills.requested(drill);
        } else {
            LOG.debugf("not for failover-service type=%s eventId=%s", event.type(), event.id());
        }
    }

    private void start(RecoveryRequested request) {
        try {
            recoveries.start(request);
        } catch (Recoveries.Refused e) {
            LOG.warnf("recovery refused recoveryId=%s: %s", request.recoveryId(), e.getMessage());
            recoveries.refused(request, e.getMessage());
        }
    }
}
