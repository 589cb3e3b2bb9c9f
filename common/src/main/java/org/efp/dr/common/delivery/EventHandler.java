package org.efp.dr.common.delivery;

import org.efp.dr.common.events.ReceivedEvent;

/**
 * What a service does with an event it consumes. Runs inside the intake's transaction: state it writes and
 * events it publishes through {@link EventPublisher} commit together with the record of the event id.
 */
public interface EventHandler {

    /** Handles a validated, first-seen event; throwing rolls everything back and the record is retried or dead-lettered. */
    void handle(ReceivedEvent event);
}
