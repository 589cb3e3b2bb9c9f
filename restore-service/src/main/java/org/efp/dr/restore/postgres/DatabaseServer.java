package org.efp.dr.restore.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.efp.dr.restore.RestoreException;

/** A PostgreSQL server restores connect to: host, port and credentials, for JDBC and for the client programs. */
public record DatabaseServer(String host, int port, String user, String password) {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/.*");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The server of a JDBC URL. */
    public static DatabaseServer of(String jdbcUrl, String user, String password) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return new DatabaseServer(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), user,
                password);
    }

    /** Checks a database name is a plain identifier, so it is safe in SQL and on command lines. */
    public static String checkedName(String database) {
        if (database == null || !NAME.matcher(database).matches()) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "database name must match " + NAME.pattern() + ": " + database);
        }
        return database;
    }

    /**
     * {@code base} with {@code suffix} (made of name characters), {@code base} shortened so the result stays a valid
     * name of at most 63 characters.
     */
    public static String derivedName(String base, String suffix) {
        checkedName(base);
        return checkedName(base.substring(0, Math.min(base.length(), 63 - suffix.length())) + suffix);
    }

    /**
     * Puts {@code restored} in the place of {@code live}: connections to the live database are refused and its
     * sessions ended, then in one transaction it is renamed to {@code aside} and {@code restored} to {@code live}.
     * Returns the name the replaced database is kept under, or null when there was none. On failure the live
     * database accepts connections again and keeps its name.
     */
    public String swapIn(String restored, String live, String aside) throws SQLException {
        String from = quoted(restored);
        String to = quoted(live);
        String kept = quoted(aside);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            if (!exists(live)) {
                s.execute("ALTER DATABASE " + from + " RENAME TO " + to);
                return null;
            }
            if (exists(aside)) {
                throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "database " + aside
                        + " already exists; the replaced database cannot be kept under that name");
            }
            s.execute("ALTER DATABASE " + to + " WITH ALLOW_CONNECTIONS false");
            boolean swapped = false;
            try {
                try (var ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname IN (?, ?) AND pid <> pg_backend_pid()")) {
                    ps.setString(1, live);
                    ps.setString(2, restored);
                    ps.execute();
                }
                c.setAutoCommit(false);
                try {
                    s.execute("ALTER DATABASE " + to + " RENAME TO " + kept);
                    s.execute("ALTER DATABASE " + from + " RENAME TO " + to);
                    c.commit();
                    swapped = true;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                s.execute("ALTER DATABASE " + (swapped ? kept : to) + " WITH ALLOW_CONNECTIONS true");
            }
            return aside;
        }
    }

    private static String quoted(String database) {
        return "\"" + checkedName(database) + "\"";
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    /** Connection arguments for psql, pg_restore and friends. */
    public List<String> clientArgs(String database) {
        return new ArrayList<>(List.of("-h", host, "-p", String.valueOf(port), "-U", user, "-d", database,
                "--no-password"));
    }

    public Map<String, String> clientEnv() {
        return password == null ? Map.of("PGAPPNAME", "efp-dr-restore")
                : Map.of("PGAPPNAME", "efp-dr-restore", "PGPASSWORD", password);
    }

    public boolean exists(String database) throws SQLException {
        try (Connection c = connect("postgres");
                var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void create(String database) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoted(database));
        }
    }

    /** Drops a database, ending its sessions first. */
    public void drop(String database) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
        }
    }

    /** "host:port", for restoredFrom/locations in events (no credentials). */
    public String address() {
        return host + ":" + port;
    }
}
