package org.efp.dr.notifier.escalation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Who acknowledged which incident; acknowledging stops the incident's escalation timers at once. */
@ApplicationScoped
public class Acknowledgements {

    /** The first acknowledgement of an incident (later ones change nothing). */
    public record Acknowledgement(String incidentId, String acknowledgedBy, Instant acknowledgedAt) {
    }

    private final DataSource dataSource;

    public Acknowledgements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Acknowledges {@code incidentId}; empty when the notifier never sent anything about it. */
    @Transactional
    public Optional<Acknowledgement> acknowledge(String incidentId, String user) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM notice WHERE incident_id = ? LIMIT 1")) {
                known.setString(1, incidentId);
                try (ResultSet rs = known.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO acknowledgement (incident_id, "
                    + "acknowledged_by) VALUES (?, ?) ON CONFLICT (incident_id) DO NOTHING");
                    PreparedStatement stop = c.prepareStatement("UPDATE escalation SET status = 'ACKNOWLEDGED', "
                            + "resolved_at = clock_timestamp() WHERE incident_id = ? AND status = 'WAITING'")) {
                insert.setString(1, incidentId);
                insert.setString(2, user);
                insert.executeUpdate();
                stop.setString(1, incidentId);
                stop.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT acknowledged_by, acknowledged_at "
                    + "FROM acknowledgement WHERE incident_id = ?")) {
                select.setString(1, incidentId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return Optional.of(new Acknowledgement(incidentId, rs.getString(1),
                            rs.getTimestamp(2).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot acknowledge incident " + incidentId + ": " + e.getMessage(), e);
        }
    }
}
