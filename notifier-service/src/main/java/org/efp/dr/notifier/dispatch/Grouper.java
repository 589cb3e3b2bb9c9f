package org.efp.dr.notifier.dispatch;

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
import org.efp.dr.common.postgres.Jdbc;
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

    private final Jdbc jdbc;
    private final Router router;
    private final MessageComposer composer;
    private final NotifierConfig config;

    public Grouper(DataSource dataSource, Router router, NotifierConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.router = router;
        this.config = config;
        this.composer = new MessageComposer(config.publicUrl());
    }

    private record Row(UUID id, String groupKey, String incidentId, MessageComposer.Part part, Instant eventTime,
            String eventId) {
    }

    /** Groups every due notice; returns the number of messages made. */
    @Transactional
    public int groupDue() {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : jdbc.query("group notices", DUE, rs -> new Row(rs.getObject("id", UUID.class),
                rs.getString("group_key"), rs.getString("incident_id"),
                new MessageComposer.Part(rs.getString("template"), rs.getString("component"),
                        Severity.valueOf(rs.getString("severity")), rs.getString("body")),
                rs.getTimestamp("event_time").toInstant(), rs.getString("event_id")),
                config.grouping().window().toMillis() / 1000.0)) {
            groups.computeIfAbsent(row.groupKey(), k -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
            makeMessage(group.getKey(), group.getValue());
        }
        return groups.size();
    }

    private void makeMessage(String groupKey, List<Row> rows) {
        Row first = rows.get(0);
        String incidentId = first.incidentId();
        MessageComposer.Composed composed = composer.compose(groupKey, incidentId,
                rows.stream().map(Row::part).toList());
        Team team = router.teamFor(first.part().component());
        UUID messageId = MessageStore.insert(jdbc, MessageStore.NOTICE, groupKey, incidentId, team.name(), composed,
                first.eventTime(), first.eventId(), router.notify(team, composed.severity()));
        jdbc.update("group notices", "UPDATE notice SET message_id = ? WHERE id = ANY (?::uuid[])", messageId,
                rows.stream().map(r -> r.id().toString()).toArray(String[]::new));
        if (composed.severity() == Severity.CRITICAL && incidentId != null) {
            startEscalationTimer(messageId, incidentId, team.name(), composed.severity());
        }
    }

    private void startEscalationTimer(UUID messageId, String incidentId, String team, Severity severity) {
        jdbc.update("start escalation timer", "INSERT INTO escalation (message_id, incident_id, team, severity, "
                + "due_at) SELECT ?, ?, ?, ?, clock_timestamp() + make_interval(secs => ?) WHERE NOT EXISTS "
                + "(SELECT 1 FROM escalation WHERE incident_id = ?) AND NOT EXISTS (SELECT 1 FROM acknowledgement "
                + "WHERE incident_id = ?)", messageId, incidentId, team, severity.name(),
                config.escalation().ackTimeout().toMillis() / 1000.0, incidentId, incidentId);
    }
}
