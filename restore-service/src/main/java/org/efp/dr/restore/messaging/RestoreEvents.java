package org.efp.dr.restore.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/** What restore-service does with RecoveryRequested (restore actions) and DrillRequested. */
@ApplicationScoped
public class RestoreEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(RestoreEvents.class);

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
    }
}
