package org.efp.dr.notifier.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.config.ContactMatrix.Team;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.message.MessageComposer;
import org.efp.dr.notifier.message.MessageStore;
import org.efp.dr.notifier.routing.Router;

/**
 * Turns the notices of a group (one incident, or one backup target, drill...) into one message once the grouping
 * window after its first notice has passed, with a delivery per recipient, and starts the escalation timer of a
 * critical incident. Replicas share the work: rows are claimed with SKIP LOCKED.
 */
@ApplicationScoped
public class Grouper {

    private static final String DUE = "SELECT id, group_key, incident_id, template, component, severity, body, "
            + "event_time, event_id FROM notice WHERE message_id IS NULL AND group_key IN ("
            + "  SELECT group_key FROM notice WHERE message_id IS NULL GROUP BY group_key"
            + "  HAVING min(received_at) <= clock_timestamp() - make_interval(secs => ?) LIMIT 200)"
            + " ORDER BY group_key, received_at FOR UPDATE SKIP LOCKED";

    private final DataSource dataSource;
    private final Router router;
    private final MessageComposer composer;
    private final NotifierConfig config;

    public Grouper(DataSource dataSource, Router router, NotifierConfig config) {
        this.dataSource = dataSource;
        this.router = router;
        this.config = config;
        this.composer = new MessageComposer(config.publicUrl());
    }

    private record Row(UUID id, String incidentId, MessageComposer.Part part, Instant eventTime, String eventId) {
    }

    /** Groups every due notice; returns the number of messages made. */
    @Transactional
    public int groupDue() {
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<Row>> groups = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement(DUE)) {
                select.setDouble(1, config.grouping().window().toMillis() / 1000.0);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        groups.computeIfAbsent(rs.getString("group_key"), k -> new ArrayList<>()).add(new Row(
                                rs.getObject("id", UUID.class), rs.getString("incident_id"),
                                new MessageComposer.Part(rs.getString("template"), rs.getString("component"),
                                        Severity.valueOf(rs.getString("severity")), rs.getString("body")),
                                rs.getTimestamp("event_time").toInstant(), rs.getString("event_id")));
                    }
                }
            }
            for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
                makeMessage(c, group.getKey(), group.getValue());
            }
            return groups.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot group notices: " + e.getMessage(), e);
        }
    }

    private void makeMessage(Connection c, String groupKey, List<Row> rows) throws SQLException {
        Row first = rows.get(0);
        String incidentId = first.incidentId();
        MessageComposer.Composed composed = composer.compose(groupKey, incidentId,
                rows.stream().map(Row::part).toList());
        Team team = router.teamFor(first.part().component());
        UUID messageId = MessageStore.insert(c, MessageStore.NOTICE, groupKey, incidentId, team.name(), composed,
                first.eventTime(), first.eventId(), router.notify(team, composed.severity()));
        try (PreparedStatement update = c.prepareStatement("UPDATE notice SET message_id = ? WHERE id = ANY (?)")) {
            update.setObject(1, messageId);
            update.setArray(2, c.createArrayOf("uuid", rows.stream().map(Row::id).toArray()));
            update.executeUpdate();
        }
        if (composed.severity() == Severity.CRITICAL && incidentId != null) {
            startEscalationTimer(c, messageId, incidentId, team.name(), composed.severity());
        }
    }

    private void startEscalationTimer(Connection c, UUID messageId, String incidentId, String team, Severity severity)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO escalation (message_id, incident_id, team, "
                + "severity, due_at) SELECT ?, ?, ?, ?, clock_timestamp() + make_interval(secs => ?) WHERE NOT EXISTS (SELECT 1 FROM escalation WHERE incident_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM acknowledgement WHERE incident_id = ?)")) {
            insert.setObject(1, messageId);
            insert.setString(2, incidentId);
            insert.setString(3, team);
            insert.setString(4, severity.name());
            insert.setDouble(5, config.escalation().ackTimeout().toMillis() / 1000.0);
            insert.setString(6, incidentId);
            insert.setString(7, incidentId);
            insert.executeUpdate();
        }
    }
}
