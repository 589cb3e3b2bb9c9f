package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from the machine's binaries, on 127.0.0.1 with trust authentication for loopback
 * only. A server is either a primary (initdb) or a streaming standby of another server (pg_basebackup -R).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    public static final String USER = "postgres";

    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private final int port;

    private PostgresServer(String name, Path home, int port) {
        this.name = name;
        this.dataDir = home.resolve("data");
        this.logFile = home.resolve("postgres.log");
        this.port = port;
    }

    /** A primary in {@code home}; initialised on first use, reused when its data directory already exists. */
    public static PostgresServer primary(String name, Path home, int port, boolean durable) {
        PostgresServer server = new PostgresServer(name, OsCommand.ownedDirectory(home), port);
        if (!Files.exists(server.dataDir.resolve("PG_VERSION"))) {
            OsCommand.postgres(home, "initdb", "-D", server.dataDir.toString(), "-U", USER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C");
            server.appendConfig(baseConfig(port, durable));
            server.appendFile("pg_hba.conf", "host replication all 127.0.0.1/32 trust\n");
        }
        return server;
    }

    /** A streaming standby of {@code primary} in {@code home}; cloned on first use. */
    public static PostgresServer standbyOf(PostgresServer primary, String name, Path home, int port) {
        PostgresServer server = new PostgresServer(name, OsCommand.ownedDirectory(home), port);
        if (!Files.exists(server.dataDir.resolve("PG_VERSION"))) {
            OsCommand.postgres(home, "pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primary.port),
                    "-U", USER, "-D", server.dataDir.toString(), "-R", "-X", "stream", "-c", "fast");
            server.appendConfig("port = " + port + "\n");
        }
        return server;
    }

    private static String baseConfig(int port, boolean durable) {
        StringBuilder conf = new StringBuilder()
                .append("listen_addresses = '127.0.0.1'\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = ''\n")
                .append("wal_level = replica\n")
                .append("wal_log_hints = on\n")
                .append("max_wal_senders = 10\n")
                .append("max_replication_slots = 10\n")
                .append("wal_keep_size = '256MB'\n")
                .append("hot_standby = on\n")
                .append("max_connections = 200\n")
                .append("shared_buffers = '128MB'\n");
        if (!durable) {
            // Test clusters trade crash safety of the host for speed; replication and WAL stay real.
            conf.append("fsync = off\nsynchronous_commit = off\n");
        }
        return conf.toString();
    }

    private void appendConfig(String text) {
        appendFile("postgresql.auto.conf", text);
    }

    private void appendFile(String file, String text) {
        try {
            Files.writeString(dataDir.resolve(file), text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " of " + name, e);
        }
    }

    /** Starts the server and waits until it accepts connections. Safe to call when it already runs. */
    public PostgresServer start() {
        if (!running()) {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-l", logFile.toString(),
                    "-w", "-t", "120", "start");
        }
        awaitConnectable(Duration.ofSeconds(60));
        LOG.infof("PostgreSQL %s up url=%s", name, jdbcUrl("postgres"));
        return this;
    }

    /** Stops the server: {@code fast} for an orderly shutdown, {@code immediate} to simulate a crash. */
    public void stop(String mode) {
        if (running()) {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-m", mode, "-w", "stop");
        }
    }

    /** Whether a postmaster runs on this data directory. */
    public boolean running() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        try {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "status");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void awaitConnectable(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                // A standby accepts connections only once it reached a consistent state: poll, bounded.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("PostgreSQL " + name + " did not accept connections; log: " + logFile, last);
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String database) {
        createDatabaseIfMissing(database);
    }

    /** Creates a database unless it exists; true when it was created now. */
    public boolean createDatabaseIfMissing(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return false;
                }
            }
            s.execute("CREATE DATABASE \"" + database + "\"");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + name, e);
        }
    }

    /** Runs SQL (several statements allowed) in {@code database}. */
    public void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + "/" + database + ": " + e.getMessage(), e);
        }
    }

    /** The single number a query returns, e.g. a count. */
    public long queryLong(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + "/" + database + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        try {
            stop("fast");
        } catch (RuntimeException e) {
            LOG.warnf("PostgreSQL %s did not stop cleanly: %s", name, e.getMessage());
        }
    }
}
