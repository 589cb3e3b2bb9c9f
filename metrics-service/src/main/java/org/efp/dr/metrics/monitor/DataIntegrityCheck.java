package org.efp.dr.metrics.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.efp.dr.common.topology.NoPrimaryException;
import org.efp.dr.common.topology.TopologyFollower;

/**
 * data_integrity after a database recovery, on the cluster's current primary (from dr.topology, the configured one
 * until a topology is heard): it is a primary (not in recovery), it takes a write (a temporary table created and
 * written in a committed transaction, so a fenced or read-only node fails while no user data is touched), and each
 * configured table exists with at least the configured number of rows (counted up to that number only, so a large
 * table costs little). Row-count and checksum comparison with the backup restored from is restore-service's
 * verification, which fails the recovery itself; this check is about the database the platform uses now.
 */
@ApplicationScoped
public class DataIntegrityCheck {

    public static final String NAME = "data_integrity";
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private final MonitorConfig config;
    private final TopologyFollower topology;
    private final String cluster;
    private final String primaryUrl;
    private final String user;
    private final Optional<String> password;

    public DataIntegrityCheck(MonitorConfig config, TopologyFollower topology, EnergyForecastConfig database) {
        this.config = config;
        this.topology = topology;
        this.cluster = database.cluster();
        this.primaryUrl = database.primaryUrl();
        this.user = database.user();
        this.password = database.password();
        config.integrity().tables().forEach(t -> {
            if (!TABLE.matcher(t).matches()) {
                throw new IllegalArgumentException("dr.metrics.monitor.integrity.tables: not a table name: " + t);
            }
        });
    }

    /** Whether a recovery of {@code component} is followed by this check. */
    public boolean appliesTo(String component) {
        return config.integrity().components().contains(component);
    }

    public Signal check() {
        String url;
        try {
            url = topology.primaryJdbcUrl(cluster, primaryUrl);
        } catch (NoPrimaryException e) {
            return new Signal(NAME, "FAILED", 0.0, (double) config.integrity().tables().size(),
                    "cluster " + cluster + " has no primary: " + e.getMessage());
        }
        String where = where(url);
        try (Connection c = connect(url)) {
            if (inRecovery(c)) {
                return new Signal(NAME, "FAILED", 0.0, (double) config.integrity().tables().size(),
                        "primary " + where + " is in recovery (a standby), not writable");
            }
            probeWrite(c);
            List<String> problems = new ArrayList<>();
            for (String table : config.integrity().tables()) {
                tableProblem(c, table).ifPresent(problems::add);
            }
            int tables = config.integrity().tables().size();
            int good = tables - problems.size();
            String detail = "primary " + where + " writable; " + good + " of " + tables + " tables with at least "
                    + config.integrity().minRows() + " row(s)" + (problems.isEmpty() ? ""
                            : ": " + String.join("; ", problems));
            return new Signal(NAME, problems.isEmpty() ? "PASSED" : "FAILED", (double) good, (double) tables,
                    ServiceHealthCheck.cut(detail));
        } catch (SQLException e) {
            return new Signal(NAME, "FAILED", 0.0, (double) config.integrity().tables().size(),
                    ServiceHealthCheck.cut("primary " + where + ": " + e.getMessage()));
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        password.ifPresent(p -> props.setProperty("password", p));
        int seconds = (int) Math.max(1, config.checkTimeout().toSeconds());
        props.setProperty("connectTimeout", String.valueOf(seconds));
        props.setProperty("socketTimeout", String.valueOf(seconds * 2));
        props.setProperty("ApplicationName", "metrics-service monitor");
        return DriverManager.getConnection(url, props);
    }

    private boolean inRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A committed write that touches no user table: fails on a read-only (fenced) or recovering node. */
    private void probeWrite(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE dr_monitor_write_probe (at timestamptz) ON COMMIT DROP");
            s.execute("INSERT INTO dr_monitor_write_probe VALUES (now())");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("not writable: " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Optional<String> tableProblem(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.of(table + " is missing");
                }
            }
        }
        String quoted = "\"" + table.replace(".", "\".\"") + "\"";
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + quoted
                + " LIMIT ?) AS sample")) {
            ps.setLong(1, config.integrity().minRows());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                return rows >= config.integrity().minRows() ? Optional.empty()
                        : Optional.of(table + " has " + rows + " row(s)");
            }
        }
    }

    /** host:port/database of a JDBC URL, for messages (never the user or password). */
    static String where(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }
}
