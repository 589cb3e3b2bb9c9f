package org.efp.dr.failover.audit;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.postgres.Jdbc;

/** Who did what, when: every operator action and webhook call, in the {@code audit_log} table. */
@ApplicationScoped
public class AuditLog {

    /** One entry. */
    public record Entry(long id, String actor, String action, String target, String detail, Instant at) {
    }

    private final Jdbc jdbc;

    public AuditLog(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Transactional
    public void record(String actor, String action, String target, String detail) {
        jdbc.update("write audit log", "INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?)",
                actor, action, target, detail);
    }

    public List<Entry> recent(int limit) {
        return jdbc.query("read audit log", "SELECT id, actor, action, target, detail, at FROM audit_log "
                + "ORDER BY id DESC LIMIT ?", rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()), limit);
    }
}
