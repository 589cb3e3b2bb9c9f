package org.efp.dr.notifier.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.efp.dr.notifier.channel.Recipient;

/** Writes a message and its pending deliveries, on the caller's connection and transaction. */
public final class MessageStore {

    /** Message kinds. */
    public static final String NOTICE = "NOTICE";
    public static final String ESCALATION = "ESCALATION";

    private MessageStore() {
    }

    /** Stores the message and one pending delivery per recipient; returns the message id. */
    public static UUID insert(Connection c, String kind, String groupKey, String incidentId, String team,
            MessageComposer.Composed composed, Instant firstEventTime, String causeEventId, List<Recipient> recipients)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO message (id, kind, group_key, incident_id, "
                + "team, severity, templates, subject, body, first_event_time, cause_event_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, kind);
            insert.setString(3, groupKey);
            insert.setString(4, incidentId);
            insert.setString(5, team);
            insert.setString(6, composed.severity().name());
            insert.setString(7, composed.templates());
            insert.setString(8, composed.subject());
            insert.setString(9, composed.body());
            insert.setTimestamp(10, Timestamp.from(firstEventTime));
            insert.setString(11, causeEventId);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO delivery (id, message_id, channel, recipient) VALUES (?, ?, ?, ?)")) {
            for (Recipient r : recipients) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, id);
                insert.setString(3, r.channel().id());
                insert.setString(4, r.address());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return id;
    }
}
