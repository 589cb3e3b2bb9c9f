package org.efp.dr.backup.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Claims of cron ticks: the primary key makes the first claim of a (job, slot) the only one. */
@ApplicationScoped
public class ScheduleSlots {

    private final DataSource dataSource;

    public ScheduleSlots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean claim(String job, Instant slot, String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schedule_slot (job, slot, claimed_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, job);
            ps.setTimestamp(2, Timestamp.from(slot));
            ps.setString(3, owner);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim schedule slot " + job + "@" + slot + ": " + e.getMessage(),
                    e);
        }
    }
}
