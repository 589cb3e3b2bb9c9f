package org.efp.dr.backup.postgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A PostgreSQL database to back up, as the client tools address it. The password never goes on a command line. */
public record PgTarget(String name, String host, int port, String database, String user, String password) {

    /** Every client program gives up connecting after this many seconds. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** From a JDBC URL like {@code jdbc:postgresql://host:5432/db}. */
    public static PgTarget fromJdbcUrl(String name, String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String db = uri.getPath() == null || uri.getPath().length() < 2 ? "postgres" : uri.getPath().substring(1);
        return new PgTarget(name, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The environment of a client program run against this database (the password goes here, never in its args). */
    public Map<String, String> clientEnv() {
        Map<String, String> env = new HashMap<>();
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        env.put("PGAPPNAME", "efp-dr-backup");
        env.put("PGCONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        return env;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "efp-dr-backup");
        // A dead or partitioned server fails the call instead of hanging the backup: 10 s to connect, 5 min for any
        // one answer (the statements here are short; a held snapshot connection waits idle, which is not a read).
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "300");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    @Override
    public String toString() {
        return name + "(" + host + ":" + port + "/" + database + ")";
    }
}
