package org.efp.dr.backup.schedule;

import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.Jdbc;

/** Claims of cron ticks: the primary key makes the first claim of a (job, slot) the only one. */
@ApplicationScoped
public class ScheduleSlots {

    private final Jdbc jdbc;

    public ScheduleSlots(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public boolean claim(String job, Instant slot, String owner) {
        return jdbc.update("schedule slot claim " + job + "@" + slot, "INSERT INTO schedule_slot (job, slot, "
                + "claimed_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", job, slot, owner) == 1;
    }
}
