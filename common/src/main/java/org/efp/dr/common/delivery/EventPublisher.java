package org.efp.dr.common.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;

/**
 * Publishes events through the service's outbox, inside the caller's transaction: the event leaves only if the
 * state change that caused it commits.
 */
@ApplicationScoped
public class EventPublisher {

    private final DataSource dataSource;
    private final Clock clock;
    private final String source;

    public EventPublisher(DataSource dataSource, Clock clock, ServiceConfig service) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.source = service.name();
    }

    /** Queues {@code payload} with a fresh event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(DrEvent payload) {
        return append(EventCodec.wrap(payload, source, clock));
    }

    /** Queues {@code payload} with a stable id (the same fact published twice is one event). */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(DrEvent payload, String eventId) {
        return append(EventCodec.wrap(payload, source, eventId, clock));
    }

    private CloudEvent append(CloudEvent event) {
        try (Connection c = dataSource.getConnection()) {
            Outbox.append(c, event);
            return event;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write event " + event.id() + " to the outbox", e);
        }
    }

    public String source() {
        return source;
    }
}
