package org.efp.dr.notifier.escalation;

import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.postgres.Jdbc;

/** Who acknowledged which incident; acknowledging stops the incident's escalation timers at once. */
@ApplicationScoped
public class Acknowledgements {

    /** The first acknowledgement of an incident (later ones change nothing). */
    public record Acknowledgement(String incidentId, String acknowledgedBy, Instant acknowledgedAt) {
    }

    private final Jdbc jdbc;

    public Acknowledgements(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Acknowledges {@code incidentId}; empty when the notifier never sent anything about it. */
    @Transactional
    public Optional<Acknowledgement> acknowledge(String incidentId, String user) {
        String purpose = "acknowledge incident " + incidentId;
        if (jdbc.one(purpose, "SELECT 1 FROM notice WHERE incident_id = ? LIMIT 1", rs -> true, incidentId)
                .isEmpty()) {
            return Optional.empty();
        }
        jdbc.update(purpose, "INSERT INTO acknowledgement (incident_id, acknowledged_by) VALUES (?, ?) "
                + "ON CONFLICT (incident_id) DO NOTHING", incidentId, user);
        Escalator.endWaitingTimers(jdbc, incidentId, "ACKNOWLEDGED");
        return jdbc.one(purpose, "SELECT acknowledged_by, acknowledged_at FROM acknowledgement WHERE incident_id = ?",
                rs -> new Acknowledgement(incidentId, rs.getString(1), rs.getTimestamp(2).toInstant()), incidentId);
    }
}
