package org.efp.dr.metrics.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/** What metrics-service does with backup, incident, recovery and drill events. */
@ApplicationScoped
public class MetricsEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(MetricsEvents.class);

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
    }
}
