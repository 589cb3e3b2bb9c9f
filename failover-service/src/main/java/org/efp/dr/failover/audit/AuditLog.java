package org.efp.dr.failover.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Who did what, when: every operator action and webhook call, in the {@code audit_log} table. */
@ApplicationScoped
public class AuditLog {

    /** One entry. */
    public record Entry(long id, String actor, String action, String target, String detail, Instant at) {
    }

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional
    public void record(String actor, String action, String target, String detail) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, target);
            ps.setString(4, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write audit log: " + e.getMessage(), e);
        }
    }

    public List<Entry> recent(int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, actor, action, target, detail, at "
                        + "FROM audit_log ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read audit log: " + e.getMessage(), e);
        }
    }
}
