package org.efp.dr.failover.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Connections to the managed PostgreSQL nodes and the queries every step needs. */
@ApplicationScoped
public class PgNodes {

    private final String user;
    private final Optional<String> password;
    private final DatabaseConfig config;

    public PgNodes(@ConfigProperty(name = "dr.energy-forecast.user", defaultValue = "postgres") String user,
            @ConfigProperty(name = "dr.energy-forecast.password") Optional<String> password, DatabaseConfig config) {
        this.user = user;
        this.password = password;
        this.config = config;
    }

    /** The user nodes are reached as. */
    public String user() {
        return user;
    }

    /** The libpq connection string of a node's JDBC URL (host, port, user), for replication and client programs. */
    public String conninfo(String url) {
        String hostPort = hostPort(url);
        return "host=" + hostPort.substring(0, hostPort.lastIndexOf(':')) + " port="
                + hostPort.substring(hostPort.lastIndexOf(':') + 1) + " user=" + user;
    }

    /** Environment for PostgreSQL client programs run against the nodes (the password, never logged). */
    public Map<String, String> clientEnv() {
        return password.map(pw -> Map.of("PGPASSWORD", pw)).orElse(Map.of());
    }

    public Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, config.connectTimeout().toSeconds())));
        p.setProperty("socketTimeout", String.valueOf(config.promoteTimeout().toSeconds() + 10));
        p.setProperty("ApplicationName", "failover-service");
        return DriverManager.getConnection(url, p);
    }

    /** Whether the node answers and is out of recovery (empty when unreachable). */
    public Optional<Boolean> writablePrimary(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT NOT pg_is_in_recovery() "
                        + "AND current_setting('default_transaction_read_only') = 'off'")) {
            rs.next();
            return Optional.of(rs.getBoolean(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    public boolean reachable(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The standby's state; lag in bytes against the primary when it answers, else received-but-not-replayed WAL. */
    public StandbyStatus standbyStatus(String standbyUrl, String primaryUrl) {
        Long primaryLsnDiff = null;
        String primaryLsn = primaryLsn(primaryUrl).orElse(null);
        try (Connection c = connect(standbyUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), "
                        + "COALESCE(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0), "
                        + "CASE WHEN pg_last_wal_receive_lsn() IS NULL "
                        + "  OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0 "
                        + "  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0) END, "
                        + (primaryLsn == null ? "NULL" : "pg_wal_lsn_diff('" + primaryLsn + "', pg_last_wal_replay_lsn())"))) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            long pending = rs.getLong(2);
            long lagMillis = Math.max(0, rs.getLong(3));
            long againstPrimary = rs.getLong(4);
            if (!rs.wasNull()) {
                primaryLsnDiff = againstPrimary;
            }
            long bytes = Math.max(pending, primaryLsnDiff == null ? 0 : primaryLsnDiff);
            return new StandbyStatus(standbyUrl, true, inRecovery, bytes, Duration.ofMillis(lagMillis),
                    inRecovery ? null : "node " + standbyUrl + " is not in recovery");
        } catch (SQLException e) {
            return StandbyStatus.unusable(standbyUrl, "standby " + standbyUrl + " unreachable: " + e.getMessage());
        }
    }

    private Optional<String> primaryLsn(String primaryUrl) {
        if (primaryUrl == null) {
            return Optional.empty();
        }
        try (Connection c = connect(primaryUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN NULL "
                        + "ELSE pg_current_wal_lsn()::text END")) {
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** {@code host:port} of a JDBC URL. */
    public static String hostPort(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
