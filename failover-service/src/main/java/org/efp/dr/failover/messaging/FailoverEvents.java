package org.efp.dr.failover.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/** What failover-service does with OutageDetected, RecoveryCompleted and operator RecoveryRequested. */
@ApplicationScoped
public class FailoverEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(FailoverEvents.class);

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
    }
}
