package org.efp.dr.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of the protected database that commits one row every {@code interval} to whichever node is writable, as
 * an application following the connection switch would: on a lost connection it tries every node until one accepts
 * a write. Every commit the server acknowledged is remembered, so data loss is counted, not estimated.
 */
final class Writer implements AutoCloseable {

    static final String TABLE = "dr_acknowledged_writes";

    private final List<String> nodeUrls;
    private final Properties credentials = new Properties();
    private final Duration interval;
    private final NavigableSet<Long> acknowledged = new ConcurrentSkipListSet<>();
    private final java.util.Map<Long, Long> acknowledgedAtNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicReference<String> writingTo = new AtomicReference<>();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicLong firstAckOnConnectionNanos = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Writer(List<String> nodeUrls, String user, Duration interval) throws SQLException {
        this.nodeUrls = List.copyOf(nodeUrls);
        this.interval = interval;
        credentials.setProperty("user", user);
        credentials.setProperty("connectTimeout", "1");
        credentials.setProperty("socketTimeout", "5");
        try (Connection c = writable()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigint PRIMARY KEY, "
                        + "at timestamptz NOT NULL DEFAULT clock_timestamp())");
                s.execute("TRUNCATE " + TABLE);
            }
        }
        thread = new Thread(this::run, "acknowledged-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Connection connection = null;
        boolean fresh = false;
        while (running.get()) {
            long started = System.nanoTime();
            try {
                if (connection == null) {
                    connection = writable();
                    fresh = true;
                }
                long id = next.incrementAndGet();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (id) VALUES (?)")) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                }
                long now = System.nanoTime();
                acknowledgedAtNanos.put(id, now);
                acknowledged.add(id);
                lastAckNanos.set(now);
                if (fresh) {
                    firstAckOnConnectionNanos.set(now);
                    fresh = false;
                }
            } catch (SQLException e) {
                close(connection);
                connection = null;
                writingTo.set(null);
            }
            LockSupport.parkNanos(Math.max(0, interval.toNanos() - (System.nanoTime() - started)));
        }
        close(connection);
    }

    /** A connection to the node that accepts writes now, trying each in turn. */
    private Connection writable() throws SQLException {
        SQLException last = new SQLException("no node reachable");
        for (String url : nodeUrls) {
            try {
                Connection c = DriverManager.getConnection(url, credentials);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        c.setAutoCommit(true);
                        writingTo.set(url);
                        return c;
                    }
                }
                c.close();
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The node the last acknowledged write went to, or null while none accepts writes. */
    String writingTo() {
        return writingTo.get();
    }

    /** When the last write was acknowledged ({@link System#nanoTime()}). */
    long lastAckNanos() {
        return lastAckNanos.get();
    }

    /** When the first write on the current connection was acknowledged ({@link System#nanoTime()}). */
    long firstAckOnConnectionNanos() {
        return firstAckOnConnectionNanos.get();
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    /** Acknowledged rows that {@code url}'s database does not hold. */
    long missingOn(String url) throws SQLException {
        return missingIdsOn(url).size();
    }

    /** When {@code id} was acknowledged ({@link System#nanoTime()}), or null if it never was. */
    Long acknowledgedAtNanos(long id) {
        return acknowledgedAtNanos.get(id);
    }

    /** The acknowledged rows that {@code url}'s database does not hold, in commit order. */
    List<Long> missingIdsOn(String url) throws SQLException {
        NavigableSet<Long> present = new ConcurrentSkipListSet<>();
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        return acknowledged.stream().filter(id -> !present.contains(id)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the server is gone; nothing to release
            }
        }
    }
}
