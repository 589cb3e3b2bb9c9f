package org.efp.dr.failover.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which node is the primary, which are standbys and which are fenced, persisted so a restart (or a second
 * replica) sees the roles the last failover left, not the ones in the configuration.
 */
@ApplicationScoped
public class Topology {

    public static final String PRIMARY = "PRIMARY";
    public static final String STANDBY = "STANDBY";
    public static final String FENCED = "FENCED";

    private final DataSource dataSource;
    private final String configuredPrimary;
    private final Optional<String> configuredStandby;

    public Topology(DataSource dataSource,
            @ConfigProperty(name = "dr.energy-forecast.primary-url") String configuredPrimary,
            @ConfigProperty(name = "dr.energy-forecast.standby-url") Optional<String> configuredStandby) {
        this.dataSource = dataSource;
        this.configuredPrimary = configuredPrimary;
        this.configuredStandby = configuredStandby;
    }

    @Transactional
    void seed(@Observes StartupEvent ignored) {
        if (!nodes(null).isEmpty()) {
            return;
        }
        update("INSERT INTO db_node (url, role) VALUES (?, 'PRIMARY') ON CONFLICT DO NOTHING", configuredPrimary);
        configuredStandby.ifPresent(url ->
                update("INSERT INTO db_node (url, role) VALUES (?, 'STANDBY') ON CONFLICT DO NOTHING", url));
    }

    public Optional<String> primary() {
        List<String> p = nodes(PRIMARY);
        return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    public List<String> standbys() {
        return nodes(STANDBY);
    }

    public List<String> fenced() {
        return nodes(FENCED);
    }

    /** Adds or re-roles a node (an operator registering a rebuilt standby). */
    @Transactional
    public void register(String url, String role) {
        update("INSERT INTO db_node (url, role) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET role = EXCLUDED.role, "
                + "updated_at = now()", url, role);
    }

    /** Records a completed promotion: the old primary fenced, the promoted node primary. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void promoted(String newPrimary, String oldPrimary) {
        update("UPDATE db_node SET role = 'FENCED', updated_at = now() WHERE role = 'PRIMARY'");
        if (oldPrimary != null) {
            update("INSERT INTO db_node (url, role) VALUES (?, 'FENCED') ON CONFLICT (url) DO UPDATE "
                    + "SET role = 'FENCED', updated_at = now()", oldPrimary);
        }
        update("INSERT INTO db_node (url, role) VALUES (?, 'PRIMARY') ON CONFLICT (url) DO UPDATE "
                + "SET role = 'PRIMARY', updated_at = now()", newPrimary);
    }

    private List<String> nodes(String role) {
        String sql = "SELECT url FROM db_node" + (role == null ? "" : " WHERE role = ?") + " ORDER BY updated_at, url";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (role != null) {
                ps.setString(1, role);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read topology: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update topology: " + e.getMessage(), e);
        }
    }
}
