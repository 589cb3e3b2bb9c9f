package org.efp.dr.notifier.rest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final DataSource dataSource;

    public DeliveryLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Entry> find(Query q) {
        String sql = "SELECT d.id, d.message_id, m.kind, m.incident_id, m.templates, m.subject, d.channel, "
                + "d.recipient, d.status, d.attempts, d.last_error, d.created_at, d.completed_at "
                + "FROM delivery d JOIN message m ON m.id = d.message_id "
                + "WHERE (?::text IS NULL OR m.incident_id = ?) AND (?::text IS NULL OR d.status = ?) "
                + "AND (?::text IS NULL OR d.channel = ?) ORDER BY d.created_at DESC, d.channel LIMIT ?";
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, q.incidentId());
            select.setString(2, q.incidentId());
            select.setString(3, q.status());
            select.setString(4, q.status());
            select.setString(5, q.channel());
            select.setString(6, q.channel());
            select.setInt(7, q.limit());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getInt(10), rs.getString(11), instant(rs.getTimestamp(12)),
                            instant(rs.getTimestamp(13))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the delivery log: " + e.getMessage(), e);
        }
        return entries;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
