package org.efp.dr.notifier.escalation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
import org.jboss.logging.Logger;

/**
 * Fires escalation timers that ran out: an incident nobody acknowledged is sent to the team's secondary contact.
 * The timers are rows, so they fire after a restart too.
 */
@ApplicationScoped
public class Escalator {

    private static final Logger LOG = Logger.getLogger(Escalator.class);
    private static final String DUE = "SELECT e.message_id, e.incident_id, e.team, e.severity, m.group_key, "
            + "m.subject, m.body, m.templates, m.first_event_time, m.cause_event_id, "
            + "EXISTS (SELECT 1 FROM acknowledgement a WHERE a.incident_id = e.incident_id) AS acknowledged, "
            + "EXISTS (SELECT 1 FROM incident_resolution r WHERE r.incident_id = e.incident_id) AS resolved "
            + "FROM escalation e JOIN message m ON m.id = e.message_id "
            + "WHERE e.status = 'WAITING' AND e.due_at <= clock_timestamp() ORDER BY e.due_at LIMIT 100 "
            + "FOR UPDATE OF e SKIP LOCKED";

    private final DataSource dataSource;
    private final Router router;
    private final NotifierConfig config;
    private final MessageComposer composer;

    public Escalator(DataSource dataSource, Router router, NotifierConfig config) {
        this.dataSource = dataSource;
        this.router = router;
        this.config = config;
        this.composer = new MessageComposer(config.publicUrl());
    }

    /** Escalates every unacknowledged timer that ran out; returns how many were escalated. */
    @Transactional
    public int escalateDue() {
        int escalated = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(DUE);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                UUID messageId = rs.getObject("message_id", UUID.class);
                String incidentId = rs.getString("incident_id");
                if (rs.getBoolean("acknowledged")) {
                    resolve(c, messageId, "ACKNOWLEDGED");
                    continue;
                }
                if (rs.getBoolean("resolved")) {
                    resolve(c, messageId, "INCIDENT_RESOLVED");
                    continue;
                }
                Team team = router.team(rs.getString("team"));
                Severity severity = Severity.valueOf(rs.getString("severity"));
                MessageComposer.Composed composed = composer.escalate(rs.getString("subject"), rs.getString("body"),
                        rs.getString("templates"), severity, team.primary(),
                        config.escalation().ackTimeout().toString().substring(2).toLowerCase());
                MessageStore.insert(c, MessageStore.ESCALATION, rs.getString("group_key"), incidentId, team.name(),
                        composed, rs.getTimestamp("first_event_time").toInstant(), rs.getString("cause_event_id"),
                        router.escalate(team, severity));
                resolve(c, messageId, "ESCALATED");
                LOG.infof("escalated incidentId=%s team=%s", incidentId, team.name());
                escalated++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot escalate: " + e.getMessage(), e);
        }
        return escalated;
    }

    /**
     * The incident is over (failover-service's IncidentResolved): its timers, waiting now or started by a message sent
     * later, end without escalating; nobody is woken for an outage that already ended. Returns how many waiting
     * timers it ended now.
     */
    public static int incidentResolved(Connection c, String incidentId, Instant at, String by)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO incident_resolution (incident_id, "
                + "resolved_at, resolved_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, incidentId);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, by);
            insert.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE escalation SET status = 'INCIDENT_RESOLVED', "
                + "resolved_at = clock_timestamp() WHERE incident_id = ? AND status = 'WAITING'")) {
            update.setString(1, incidentId);
            return update.executeUpdate();
        }
    }

    private static void resolve(Connection c, UUID messageId, String status) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE escalation SET status = ?, resolved_at = clock_timestamp() WHERE message_id = ?")) {
            update.setString(1, status);
            update.setObject(2, messageId);
            update.executeUpdate();
        }
    }
}
