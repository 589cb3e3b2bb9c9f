package org.efp.dr.common.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.efp.dr.common.events.CloudEvent;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them published only after the broker
 * acknowledged them. One replica relays at a time (a transaction-scoped advisory lock), which keeps per-key order.
 * Woken by LISTEN/NOTIFY on commit, with a periodic sweep as the fallback.
 */
public final class OutboxRelay implements Runnable, AutoCloseable {

    /** Twice Kafka's default topic retention (7 days) plus a day. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(15);
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final Duration sweepInterval;
    private final Duration retention;
    private final Duration dedupWindow;
    private volatile boolean running = true;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, Producer<String, String> producer, Duration sweepInterval,
            Duration retention) {
        this(dataSource, producer, sweepInterval, retention, DEFAULT_DEDUP_WINDOW);
    }

    /**
     * {@code retention}: how long published outbox rows are kept; {@code dedupWindow}: how long the record of a
     * handled event is kept, which must outlast the topics' retention (a redelivery can only come from a record
     * the broker still holds).
     */
    public OutboxRelay(DataSource dataSource, Producer<String, String> producer, Duration sweepInterval,
            Duration retention, Duration dedupWindow) {
        this.dedupWindow = dedupWindow;
        this.dataSource = dataSource;
        this.producer = producer;
        this.sweepInterval = sweepInterval;
        this.retention = retention;
    }

    /** Starts the relay thread. */
    public OutboxRelay start(String name) {
        thread = new Thread(this, "outbox-relay-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                listener.setAutoCommit(true);
                String channel = "dr_outbox_" + listener.getSchema();
                try (Statement s = listener.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
                PGConnection pg = listener.unwrap(PGConnection.class);
                long lastCleanup = 0;
                while (running) {
                    drain();
                    if (System.currentTimeMillis() - lastCleanup > 60_000) {
                        purge();
                        lastCleanup = System.currentTimeMillis();
                    }
                    pg.getNotifications((int) sweepInterval.toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("outbox relay interrupted, retrying: %s", e.getMessage());
                    LOG.debug("outbox relay failure", e);
                    pause();
                }
            }
        }
    }

    /** Publishes until the outbox has no unpublished rows; returns how many were published. */
    public int drain() throws SQLException {
        int total = 0;
        int published;
        do {
            published = relayBatch();
            total += published;
        } while (published == BATCH && running);
        return total;
    }

    /** Publishes one batch of unpublished rows; 0 when another replica holds the relay lock or nothing waits. */
    public int relayBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = relayBatch(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int relayBatch(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet lock = s.executeQuery(
                        "SELECT pg_try_advisory_xact_lock(hashtext('dr_outbox.' || current_schema()))")) {
            lock.next();
            if (!lock.getBoolean(1)) {
                return 0;
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT seq, topic, record_key, payload FROM dr_outbox WHERE published_at IS NULL ORDER BY seq LIMIT "
                        + BATCH)) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    ProducerRecord<String, String> record =
                            new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4));
                    record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    acks.add(producer.send(record));
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        awaitAcks(acks);
        try (PreparedStatement mark = c.prepareStatement(
                "UPDATE dr_outbox SET published_at = now() WHERE seq = ANY (?)")) {
            Array array = c.createArrayOf("bigint", seqs.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
        }
        return seqs.size();
    }

    private void awaitAcks(List<Future<RecordMetadata>> acks) throws SQLException {
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Nothing is marked: the whole batch is sent again; consumers dedupe on the event id.
                throw new SQLException("broker did not acknowledge an outbox event: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while publishing the outbox", e);
            }
        }
    }

    /**
     * Deletes published outbox rows older than the retention and handled-event records older than the dedup
     * window, so neither table grows without end; unpublished rows are never deleted. Returns the rows deleted.
     */
    public int purge() {
        int deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            deleted += deleteOlder(c, "DELETE FROM dr_outbox WHERE published_at < now() - make_interval(secs => ?)",
                    retention);
            deleted += deleteOlder(c, "DELETE FROM dr_processed_event WHERE processed_at < now() "
                    + "- make_interval(secs => ?)", dedupWindow);
        } catch (SQLException e) {
            LOG.debugf("delivery purge skipped: %s", e.getMessage());
        }
        return deleted;
    }

    private static int deleteOlder(Connection c, String sql, Duration age) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            delete.setLong(1, age.toSeconds());
            return delete.executeUpdate();
        }
    }

    private void pause() {
        try {
            Thread.sleep(sweepInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
