package org.efp.dr.notifier.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.notifier.channel.Recipient;

/** Writes a message and its pending deliveries, in the caller's transaction. */
public final class MessageStore {

    /** Message kinds. */
    public static final String NOTICE = "NOTICE";
    public static final String ESCALATION = "ESCALATION";

    private MessageStore() {
    }

    /** Stores the message and one pending delivery per recipient; returns the message id. */
    public static UUID insert(Jdbc jdbc, String kind, String groupKey, String incidentId, String team,
            MessageComposer.Composed composed, Instant firstEventTime, String causeEventId, List<Recipient> recipients) {
        UUID id = UUID.randomUUID();
        jdbc.update("store message", "INSERT INTO message (id, kind, group_key, incident_id, team, severity, "
                + "templates, subject, body, first_event_time, cause_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, kind, groupKey, incidentId, team, composed.severity().name(), composed.templates(),
                composed.subject(), composed.body(), firstEventTime, causeEventId);
        for (Recipient r : recipients) {
            jdbc.update("store delivery", "INSERT INTO delivery (id, message_id, channel, recipient) "
                    + "VALUES (?, ?, ?, ?)", UUID.randomUUID(), id, r.channel().id(), r.address());
        }
        return id;
    }
}
