package org.efp.dr.common.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The idempotent-consumer record: which event ids a consumer has already handled, in the service's own schema.
 * Call {@link #firstDelivery} in the same transaction as the handling, so both commit or neither does.
 */
public final class ProcessedEvents {

    private ProcessedEvents() {
    }

    /** Records the event as handled by {@code consumer}; false when it already was (a redelivery). */
    public static boolean firstDelivery(Connection connection, String consumer, String eventId, String eventType)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dr_processed_event (consumer, event_id, event_type) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setString(3, eventType);
            return insert.executeUpdate() == 1;
        }
    }
}
