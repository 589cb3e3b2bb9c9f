package org.efp.dr.notifier.notice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.efp.dr.common.events.Severity;

/** The notice table, on the caller's connection (and so the caller's transaction). */
public final class NoticeStore {

    private NoticeStore() {
    }

    /** Stores {@code notice}; false when the same news (dedup key) was stored before. */
    public static boolean insert(Connection c, Notice notice) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO notice (id, dedup_key, event_id, event_type, "
                + "group_key, incident_id, template, component, severity, body, event_time) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, notice.dedupKey());
            insert.setString(3, notice.eventId());
            insert.setString(4, notice.eventType());
            insert.setString(5, notice.groupKey());
            insert.setString(6, notice.incidentId());
            insert.setString(7, notice.template());
            insert.setString(8, notice.component());
            insert.setString(9, notice.severity().name());
            insert.setString(10, notice.body());
            insert.setTimestamp(11, Timestamp.from(notice.eventTime()));
            return insert.executeUpdate() == 1;
        }
    }

    /** The severity the incident's outage was reported with, if it was. */
    public static Optional<Severity> incidentSeverity(Connection c, String incidentId) {
        try (PreparedStatement select = c.prepareStatement("SELECT severity FROM notice WHERE incident_id = ? "
                + "AND template = 'outage_detected' LIMIT 1")) {
            select.setString(1, incidentId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(Severity.valueOf(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read severity of incident " + incidentId, e);
        }
    }
}
