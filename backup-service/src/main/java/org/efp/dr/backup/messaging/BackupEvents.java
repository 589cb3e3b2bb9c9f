package org.efp.dr.backup.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/** What backup-service does with BackupRequested from operators and drills. */
@ApplicationScoped
public class BackupEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(BackupEvents.class);

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
    }
}
