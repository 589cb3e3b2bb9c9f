package org.efp.dr.notifier.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/** What notifier-service does with every event people are told about. */
@ApplicationScoped
public class NotifierEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(NotifierEvents.class);

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
    }
}
