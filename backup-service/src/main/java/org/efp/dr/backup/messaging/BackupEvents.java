package org.efp.dr.backup.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.run.FailureReason;
import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupRequested;
import org.efp.dr.common.events.ReceivedEvent;
import org.jboss.logging.Logger;

/**
 * BackupRequested from operators and drills: queued in the same transaction that records the event, so a
 * request is taken exactly once. A request for something that cannot be backed up is answered with BackupFailed.
 */
@ApplicationScoped
public class BackupEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(BackupEvents.class);

    private final BackupRequests requests;
    private final EventPublisher publisher;
    private final Clock clock;

    public BackupEvents(BackupRequests requests, EventPublisher publisher, Clock clock) {
        this.requests = requests;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void handle(ReceivedEvent event) {
        if (!(event.payload() instanceof BackupRequested request)) {
            return;
        }
        try {
            CatalogEntry queued = requests.queue(request.target(), request.kind(), request.requestId(),
                    request.reason(), request.requestedBy());
            LOG.infof("backup queued backupId=%s requestId=%s", queued.backupId(), request.requestId());
        } catch (IllegalArgumentException e) {
            publisher.publish(new BackupFailed("rejected-" + request.requestId(), request.target(), request.kind(),
                    FailureReason.INVALID_REQUEST.name(), e.getMessage(), request.requestedAt(),
                    clock.instant().isBefore(request.requestedAt()) ? request.requestedAt() : clock.instant(),
                    request.requestId()), "backup-rejected-" + request.requestId());
        }
    }
}
