package org.efp.dr.notifier.escalation;

import java.time.Instant;
import java.util.List;
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

    private final Jdbc jdbc;
    private final Router router;
    private final NotifierConfig config;
    private final MessageComposer composer;

    public Escalator(DataSource dataSource, Router router, NotifierConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.router = router;
        this.config = config;
        this.composer = new MessageComposer(config.publicUrl());
    }

    private record Due(UUID messageId, String incidentId, boolean acknowledged, boolean resolved, String team,
            Severity severity, String groupKey, String subject, String body, String templates, Instant firstEventTime,
            String causeEventId) {
    }

    /** Escalates every unacknowledged timer that ran out; returns how many were escalated. */
    @Transactional
    public int escalateDue() {
        List<Due> due = jdbc.query("escalate", DUE, rs -> new Due(rs.getObject("message_id", UUID.class),
                rs.getString("incident_id"), rs.getBoolean("acknowledged"), rs.getBoolean("resolved"),
                rs.getString("team"), Severity.valueOf(rs.getString("severity")), rs.getString("group_key"),
                rs.getString("subject"), rs.getString("body"), rs.getString("templates"),
                rs.getTimestamp("first_event_time").toInstant(), rs.getString("cause_event_id")));
        int escalated = 0;
        for (Due d : due) {
            if (d.acknowledged()) {
                resolve(d.messageId(), "ACKNOWLEDGED");
                continue;
            }
            if (d.resolved()) {
                resolve(d.messageId(), "INCIDENT_RESOLVED");
                continue;
            }
            Team team = router.team(d.team());
            MessageComposer.Composed composed = composer.escalate(d.subject(), d.body(), d.templates(), d.severity(),
                    team.primary(), config.escalation().ackTimeout().toString().substring(2).toLowerCase());
            MessageStore.insert(jdbc, MessageStore.ESCALATION, d.groupKey(), d.incidentId(), team.name(), composed,
                    d.firstEventTime(), d.causeEventId(), router.escalate(team, d.severity()));
            resolve(d.messageId(), "ESCALATED");
            LOG.infof("escalated incidentId=%s team=%s", d.incidentId(), team.name());
            escalated++;
        }
        return escalated;
    }

    /**
     * The incident is over (failover-service's IncidentResolved): its timers, waiting now or started by a message sent
     * later, end without escalating; nobody is woken for an outage that already ended. Returns how many waiting
     * timers it ended now.
     */
    public static int incidentResolved(Jdbc jdbc, String incidentId, Instant at, String by) {
        jdbc.update("record resolution of incident " + incidentId, "INSERT INTO incident_resolution (incident_id, "
                + "resolved_at, resolved_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", incidentId, at, by);
        return endWaitingTimers(jdbc, incidentId, "INCIDENT_RESOLVED");
    }

    /** Ends the incident's waiting timers with {@code status}; returns how many it ended. */
    static int endWaitingTimers(Jdbc jdbc, String incidentId, String status) {
        return jdbc.update("end escalations of incident " + incidentId, "UPDATE escalation SET status = ?, "
                + "resolved_at = clock_timestamp() WHERE incident_id = ? AND status = 'WAITING'", status, incidentId);
    }

    private void resolve(UUID messageId, String status) {
        jdbc.update("end escalation", "UPDATE escalation SET status = ?, resolved_at = clock_timestamp() "
                + "WHERE message_id = ?", status, messageId);
    }
}
