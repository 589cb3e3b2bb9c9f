package org.efp.dr.failover.livedrill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.Jdbc;

/** Live drills in the {@code live_drill} table; joins the caller's transaction. */
@ApplicationScoped
public class LiveDrillStore {

    private static final String COLUMNS = "drill_id, scenario, requested_by, requested_at, phase, target, broken_at,"
            + " incident_id, detected_at, recovered_at, finished_at, ready, detail";

    private final Jdbc jdbc;

    public LiveDrillStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records a drill asked for; false when its id is already known (a repeat, or another replica's tick). */
    public boolean request(String drillId, String scenario, String requestedBy, Instant at) {
        return jdbc.update("record live drill", "INSERT INTO live_drill (drill_id, scenario, requested_by,"
                + " requested_at, phase) VALUES (?, ?, ?, ?, 'REQUESTED') ON CONFLICT (drill_id) DO NOTHING",
                drillId, scenario, requestedBy, at) == 1;
    }

    /** The unfinished drills no other replica holds right now, locked until the caller's transaction ends. */
    public List<LiveDrill> takeOpen(int limit) {
        return jdbc.query("take open live drills", "SELECT " + COLUMNS + " FROM live_drill WHERE finished_at IS NULL"
                + " ORDER BY requested_at LIMIT ? FOR UPDATE SKIP LOCKED", LiveDrillStore::read, limit);
    }

    public Optional<LiveDrill> find(String drillId) {
        return jdbc.one("find live drill", "SELECT " + COLUMNS + " FROM live_drill WHERE drill_id = ?",
                LiveDrillStore::read, drillId);
    }

    /** Stores the drill's new phase and what it has seen. */
    public void save(LiveDrill d) {
        jdbc.update("update live drill", "UPDATE live_drill SET phase = ?, target = ?, broken_at = ?,"
                + " incident_id = ?, detected_at = ?, recovered_at = ?, finished_at = ?, ready = ?,"
                + " detail = ?"
                + " WHERE drill_id = ?", d.phase().name(), d.target(), d.brokenAt(), d.incidentId(), d.detectedAt(),
                d.recoveredAt(), d.finishedAt(), d.ready(), d.detail(), d.drillId());
    }

    private static LiveDrill read(ResultSet rs) throws SQLException {
        return new LiveDrill(rs.getString("drill_id"), rs.getString("scenario"), rs.getString("requested_by"),
                Jdbc.instant(rs, "requested_at"), LiveDrill.Phase.valueOf(rs.getString("phase")),
                rs.getString("target"), Jdbc.instant(rs, "broken_at"), rs.getString("incident_id"),
                Jdbc.instant(rs, "detected_at"), Jdbc.instant(rs, "recovered_at"), Jdbc.instant(rs, "finished_at"),
                rs.getBoolean("ready"), rs.getString("detail"));
    }
}
