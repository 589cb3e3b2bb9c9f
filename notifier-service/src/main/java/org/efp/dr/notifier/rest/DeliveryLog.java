package org.efp.dr.notifier.rest;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.Jdbc;

/** Reads the delivery log: what was sent, to whom, over which channel, after how many tries, with what result. */
@ApplicationScoped
public class DeliveryLog {

    /** One delivery as shown by the REST API. */
    public record Entry(String id, String messageId, String kind, String incidentId, String templates, String subject,
            String channel, String recipient, String status, int attempts, String lastError, Instant createdAt,
            Instant completedAt) {
    }

    /** Filters; null means any. */
    public record Query(String incidentId, String status, String channel, int limit) {
    }

    private final Jdbc jdbc;

    public DeliveryLog(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<Entry> find(Query q) {
        String sql = "SELECT d.id, d.message_id, m.kind, m.incident_id, m.templates, m.subject, d.channel, "
                + "d.recipient, d.status, d.attempts, d.last_error, d.created_at, d.completed_at "
                + "FROM delivery d JOIN message m ON m.id = d.message_id "
                + "WHERE (?::text IS NULL OR m.incident_id = ?) AND (?::text IS NULL OR d.status = ?) "
                + "AND (?::text IS NULL OR d.channel = ?) ORDER BY d.created_at DESC, d.channel LIMIT ?";
        return jdbc.query("delivery log read", sql, rs -> new Entry(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getInt(10), rs.getString(11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13)),
                q.incidentId(), q.incidentId(), q.status(), q.status(), q.channel(), q.channel(), q.limit());
    }
}
