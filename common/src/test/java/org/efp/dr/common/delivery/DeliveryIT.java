package org.efp.dr.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The outbox and the idempotent intake on a real PostgreSQL and a real Kafka broker. */
class DeliveryIT {

    private static final String SCHEMA = "delivery_it";
    private static final List<ConsumerRecord<String, String>> SEEN = new CopyOnWriteArrayList<>();
    private static PGSimpleDataSource dataSource;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static Thread poller;
    private static volatile boolean polling = true;

    @BeforeAll
    static void createSchemaAndClients() throws Exception {
        Infrastructure infra = TestInfrastructure.shared();
        infra.stateDb().execute(Infrastructure.STATE_DATABASE, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE; "
                + "CREATE SCHEMA " + SCHEMA + "; SET search_path TO " + SCHEMA + "; " + migration());
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(infra.stateDb().jdbcUrl(Infrastructure.STATE_DATABASE) + "?currentSchema=" + SCHEMA);
        dataSource.setUser("postgres");
        producer = new KafkaProducer<>(infra.kafka().clientConfig("failover-service"), new StringSerializer(),
                new StringSerializer());
        consumer = new KafkaConsumer<>(infra.kafka().adminConfig(Map.of("group.id", "delivery-it",
                "auto.offset.reset", "earliest")), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.INCIDENTS));
        poller = new Thread(() -> {
            while (polling) {
                consumer.poll(Duration.ofMillis(100)).forEach(SEEN::add);
            }
            consumer.close();
        });
        poller.start();
    }

    @AfterAll
    static void close() throws InterruptedException {
        polling = false;
        poller.join();
        producer.close();
    }

    private static String migration() throws IOException {
        try (InputStream in = DeliveryIT.class.getClassLoader()
                .getResourceAsStream("db/delivery/V0_1__delivery_tables.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CloudEvent outage(String incidentId) {
        return EventCodec.wrap(new OutageDetected(incidentId, "database", Severity.CRITICAL, "writes fail", "probe",
                Instant.now().minusSeconds(5), Instant.now(), "fp-" + incidentId), "delivery-it", Clock.systemUTC());
    }

    private static void appendInTransaction(CloudEvent event, boolean commit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Outbox.append(c, event);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> seenFor(String incidentId) {
        return SEEN.stream().filter(r -> incidentId.equals(r.key())).toList();
    }

    @Test
    void committedEventReachesKafkaWithItsIdKeyAndContentType() throws Exception {
        // Given
        String incident = "inc-" + UUID.randomUUID();
        CloudEvent event = outage(incident);
        appendInTransaction(event, true);

        // When
        try (OutboxRelay relay = new OutboxRelay(dataSource, producer, Duration.ofMillis(200), Duration.ofDays(1))
                .start("it")) {

            // Then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seenFor(incident)).hasSize(1));
        }
        ConsumerRecord<String, String> record = seenFor(incident).get(0);
        assertThat(EventCodec.decode(record.value()).id()).isEqualTo(event.id());
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
        assertThat(unpublishedRows()).isZero();
    }

    @Test
    void rolledBackEventIsNeverPublished() throws Exception {
        // Given
        String rolledBack = "inc-" + UUID.randomUUID();
        String committed = "inc-" + UUID.randomUUID();
        appendInTransaction(outage(rolledBack), false);
        appendInTransaction(outage(committed), true);

        // When
        new OutboxRelay(dataSource, producer, Duration.ofMillis(200), Duration.ofDays(1)).drain();

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seenFor(committed)).hasSize(1));
        assertThat(seenFor(rolledBack)).isEmpty();
    }

    @Test
    void eventResentAfterACrashBeforeMarkingIsHandledOnce() throws Exception {
        // Given: published once, then the "published" mark is lost, as when the relay dies before its commit
        String incident = "inc-" + UUID.randomUUID();
        appendInTransaction(outage(incident), true);
        OutboxRelay relay = new OutboxRelay(dataSource, producer, Duration.ofMillis(200), Duration.ofDays(1));
        relay.drain();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE dr_outbox SET published_at = NULL WHERE record_key = '" + incident + "'");
        }

        // When
        relay.drain();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seenFor(incident)).hasSize(2));
        int handled = 0;
        for (ConsumerRecord<String, String> record : seenFor(incident)) {
            ReceivedEvent received = EventCodec.decode(record.value());
            try (Connection c = dataSource.getConnection()) {
                if (ProcessedEvents.firstDelivery(c, "delivery-it", received.id(), received.envelope().type())) {
                    handled++;
                }
            }
        }

        // Then
        assertThat(handled).isEqualTo(1);
    }

    @Test
    void purgeDropsOnlyOldPublishedRowsAndHandledRecordsOutsideTheDedupWindow() throws Exception {
        // Given: an old published row, an old unpublished one, a fresh published one; old and fresh handled records
        String old = "inc-" + UUID.randomUUID();
        String stuck = "inc-" + UUID.randomUUID();
        String fresh = "inc-" + UUID.randomUUID();
        for (String incident : List.of(old, stuck, fresh)) {
            appendInTransaction(outage(incident), true);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE dr_outbox SET published_at = now() - interval '3 days' WHERE record_key = '"
                    + old + "'");
            s.executeUpdate("UPDATE dr_outbox SET created_at = now() - interval '3 days' WHERE record_key = '"
                    + stuck + "'");
            s.executeUpdate("UPDATE dr_outbox SET published_at = now() WHERE record_key = '" + fresh + "'");
            ProcessedEvents.firstDelivery(c, "purge-it", "old-" + old, "test");
            ProcessedEvents.firstDelivery(c, "purge-it", "fresh-" + fresh, "test");
            s.executeUpdate("UPDATE dr_processed_event SET processed_at = now() - interval '16 days' "
                    + "WHERE event_id = 'old-" + old + "'");
        }
        OutboxRelay relay = new OutboxRelay(dataSource, producer, Duration.ofMillis(200), Duration.ofDays(1),
                Duration.ofDays(15));

        // When
        relay.purge();

        // Then
        assertThat(outboxKeys()).doesNotContain(old).contains(stuck, fresh);
        try (Connection c = dataSource.getConnection()) {
            assertThat(ProcessedEvents.firstDelivery(c, "purge-it", "fresh-" + fresh, "test"))
                    .as("inside the window: still a redelivery").isFalse();
            assertThat(ProcessedEvents.firstDelivery(c, "purge-it", "old-" + old, "test"))
                    .as("outside the window: forgotten").isTrue();
        }
    }

    @Test
    void handlingBlockedByAnotherTransactionsLockIsRetriedAndRecordedOnce() throws Exception {
        // Given: another transaction holds a lock the handling needs; it lets go while the retry waits
        String eventId = "evt-" + UUID.randomUUID();
        Connection holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE dr_processed_event IN EXCLUSIVE MODE");
        }
        List<Duration> waited = new ArrayList<>();
        TransientRetry retry = new TransientRetry(4, Duration.ofMillis(50), Duration.ofSeconds(1), d -> {
            waited.add(d);
            try {
                holder.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // When: each attempt is one transaction that gives up on the lock after 200 ms, as a consumer's would
        retry.run("handling " + eventId, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '200ms'");
                }
                ProcessedEvents.firstDelivery(c, "retry-it", eventId, "test");
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record event " + eventId, e);
            }
        });
        holder.close();

        // Then
        assertThat(waited).hasSize(1);
        try (Connection c = dataSource.getConnection()) {
            assertThat(ProcessedEvents.firstDelivery(c, "retry-it", eventId, "test")).as("recorded once").isFalse();
        }
    }

    private static List<String> outboxKeys() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_key FROM dr_outbox")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static long unpublishedRows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM dr_outbox WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
