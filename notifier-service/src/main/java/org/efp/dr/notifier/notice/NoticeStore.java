package org.efp.dr.notifier.notice;

import java.util.Optional;
import java.util.UUID;

import org.efp.dr.common.events.Severity;
import org.efp.dr.common.postgres.Jdbc;

/** The notice table, in the caller's transaction. */
public final class NoticeStore {

    private NoticeStore() {
    }

    /** Stores {@code notice}; false when the same news (dedup key) was stored before. */
    public static boolean insert(Jdbc jdbc, Notice notice) {
        return jdbc.update("store notice", "INSERT INTO notice (id, dedup_key, event_id, event_type, group_key, "
                + "incident_id, template, component, severity, body, event_time) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING", UUID.randomUUID(),
                notice.dedupKey(), notice.eventId(), notice.eventType(), notice.groupKey(), notice.incidentId(),
                notice.template(), notice.component(), notice.severity().name(), notice.body(),
                notice.eventTime()) == 1;
    }

    /** The severity the incident's outage was reported with, if it was. */
    public static Optional<Severity> incidentSeverity(Jdbc jdbc, String incidentId) {
        return jdbc.one("read severity of incident " + incidentId, "SELECT severity FROM notice "
                + "WHERE incident_id = ? AND template = 'outage_detected' LIMIT 1",
                rs -> Severity.valueOf(rs.getString(1)), incidentId);
    }
}
