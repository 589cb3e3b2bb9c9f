package org.efp.dr.common.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.PoisonEventException;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.TopicProducers;
import org.jboss.logging.Logger;

/**
 * The one way records come into a service: decode and validate (poison throws, so the messaging layer sends the
 * record to the dead-letter topic with the reason), skip redeliveries, and run the handler in the same
 * transaction that records the event id, so a crash either keeps both or neither.
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    private final DataSource dataSource;

    public EventIntake(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Handles one raw record read from {@code topic} for {@code consumer}; returns false when the event was seen
     * before. The event's type must belong to the topic and its source must be one of the topic's producers
     * ({@link TopicProducers}).
     *
     * @throws PoisonEventException when the record can never be processed
     */
    @Transactional
    public boolean accept(String consumer, String topic, String raw, Consumer<ReceivedEvent> handler) {
        ReceivedEvent event = EventCodec.decode(raw);
        TopicProducers.refusal(topic, event).ifPresent(reason -> {
            throw new PoisonEventException(PoisonEventException.Reason.FORBIDDEN_SOURCE, reason + " (event "
                    + event.id() + ")", null);
        });
        try (Connection c = dataSource.getConnection()) {
            if (!ProcessedEvents.firstDelivery(c, consumer, event.id(), event.envelope().type())) {
                LOG.debugf("duplicate skipped consumer=%s eventId=%s", consumer, event.id());
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record event " + event.id() + ": " + e.getMessage(), e);
        }
        handler.accept(event);
        return true;
    }
}
