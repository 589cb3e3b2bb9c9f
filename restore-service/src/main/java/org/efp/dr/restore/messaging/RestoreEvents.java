package org.efp.dr.restore.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.common.events.PoisonEventException;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.Require;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.drill.DrillQueue;
import org.efp.dr.restore.drill.DrillScenario;
import org.efp.dr.restore.drill.DrillSpec;
import org.efp.dr.restore.job.RestoreQueue;
import org.efp.dr.restore.job.ServiceControl;
import org.jboss.logging.Logger;

/**
 * What restore-service does with RecoveryRequested (restore actions) and DrillRequested: it queues a job in the
 * consumer's transaction; the restore itself runs later in a worker, never inside that transaction. A request whose
 * ids or parameters are unsafe (see {@code RequestCheck}) is dead-lettered with the reason. A
 * RecoveryCompleted answering a request a restore made (stop or start its services) is recorded for the worker.
 */
@ApplicationScoped
public class RestoreEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(RestoreEvents.class);

    private final RestoreQueue restores;
    private final DrillQueue drills;
    private final ServiceControl services;

    public RestoreEvents(RestoreQueue restores, DrillQueue drills, ServiceControl services) {
        this.services = services;
        this.restores = restores;
        this.drills = drills;
    }

    @Override
    public void handle(ReceivedEvent event) {
        if (event.payload() instanceof RecoveryRequested request && (request.action() == RecoveryAction.RESTORE_DATABASE
                || request.action() == RecoveryAction.DATABASE_REBUILD || request.action() == RecoveryAction.RESTORE_MODELS)) {
            try {
                restores.submit(RestoreQueue.from(request));
            } catch (RestoreException e) {
                if (e.reason() != RestoreException.Reason.BAD_REQUEST) {
                    throw e;
                }
                throw new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD,
                        "restore request " + Require.abbreviate(request.recoveryId()) + " refused: " + e.getMessage(), e);
            }
        } else if (event.payload() instanceof RecoveryCompleted completed) {
            services.completed(completed);
        } else if (event.payload() instanceof DrillRequested drill) {
            if (DrillScenario.of(drill.scenario()).isPresent()) {
                try {
                    Require.id(drill.drillId(), "drillId");
                } catch (IllegalArgumentException e) {
                    throw new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD,
                            "drill request refused: " + e.getMessage(), e);
                }
                drills.submit(new DrillSpec(drill.drillId(), drill.scenario(), drill.type(), drill.requestedBy(),
                        drill.requestedAt(), null, null));
            } else {
                LOG.infof("drill ignored: not a restore-service scenario drillId=%s scenario=%s", drill.drillId(),
                        drill.scenario());
            }
        } else {
            LOG.debugf("event not for restore-service type=%s eventId=%s", event.type(), event.id());
        }
    }
}
