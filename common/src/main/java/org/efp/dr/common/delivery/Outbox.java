package org.efp.dr.common.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;

/**
 * The transactional outbox: events are written in the same transaction as the state change that causes them and
 * published by the {@link OutboxRelay} after commit. A crash loses nothing; a re-sent event keeps its id, so
 * idempotent consumers see it once.
 */
public final class Outbox {

    private Outbox() {
    }

    /** Adds an event to the outbox on {@code connection}'s current transaction. */
    public static void append(Connection connection, CloudEvent event) throws SQLException {
        String topic = EventType.ofCeType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("not a contract event type: " + event.type()))
                .topic();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dr_outbox (event_id, topic, record_key, payload) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (event_id) DO NOTHING")) {
            insert.setString(1, event.id());
            insert.setString(2, topic);
            insert.setString(3, event.subject());
            insert.setString(4, EventCodec.encode(event));
            insert.executeUpdate();
        }
    }
}
