package org.efp.dr.notifier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.locks.LockSupport;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.NotifierTestServers;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

/**
 * Load run: events across incidents through real Kafka to the real SMTP server and chat receiver, paced at a fixed
 * rate. Each incident gets an outage (sent 5 times with one id and 5 times with new ids), a recovery start and a
 * recovery end (each sent 5 times with one id): 20 events that must become exactly one email and one chat post.
 * Run with {@code mvn -pl notifier-service verify -Pbench}; numbers go to stdout and target/bench-report.txt.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
@TestProfile(NotifierThroughputBench.BenchProfile.class)
class NotifierThroughputBench {

    private static final int INCIDENTS = Integer.getInteger("bench.incidents", 500);
    private static final int RATE = Integer.getInteger("bench.rate", 100);
    private static final String[] COMPONENTS = {"api", "database", "ml-models"};

    /** Grouping window well under the burst gap, so each incident's burst is one message. */
    public static class BenchProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dr.notifier.grouping.window", System.getProperty("bench.window", "500ms"),
                    "dr.notifier.dispatch.threads-per-channel", "16",
                    "quarkus.log.category.\"org.efp.dr.notifier.dispatch\".level", "ERROR");
        }
    }

    @Test
    void deliversOneMessagePerIncidentAndChannelWithinTheLatencyGoal() throws Exception {
        // Given
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        List<List<CloudEvent>> bursts = new ArrayList<>();
        for (int i = 0; i < INCIDENTS; i++) {
            bursts.add(burst(run + "-" + i, COMPONENTS[i % COMPONENTS.length]));
        }
        int events = bursts.stream().mapToInt(List::size).sum();
        warmUp();

        // When
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestEvents.infra().kafka().adminConfig(Map.of("acks", "all", "linger.ms", 0)),
                new StringSerializer(), new StringSerializer())) {
            int n = 0;
            for (List<CloudEvent> burst : bursts) {
                for (CloudEvent template : burst) {
                    LockSupport.parkNanos(t0 + n * 1_000_000_000L / RATE - System.nanoTime());
                    CloudEvent event = restamp(template);
                    producer.send(new ProducerRecord<>(EventType.ofCeType(event.type()).orElseThrow().topic(),
                            event.subject(), EventCodec.encode(event)));
                    n++;
                }
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                NotifierTestServers.mailbox().withSubjectContaining(run).size() >= INCIDENTS
                        && NotifierTestServers.chat().bodiesContaining(run).size() >= INCIDENTS
                        && open(run) == 0);

        // Then
        Report report = report(run, events, sendSeconds, started);
        System.out.println(report.text());
        Files.writeString(Path.of("target", "bench-report.txt"), report.text());
        assertThat(report.emails()).isEqualTo(INCIDENTS);
        assertThat(report.chatPosts()).isEqualTo(INCIDENTS);
    }

    /**
     * Untimed load first (topic creation, the consumer group settling, first connections, JIT compilation): a
     * tenth of the run's incidents, sent unpaced, and waited for until every one is delivered.
     */
    private static void warmUp() {
        String prefix = "warmup-" + UUID.randomUUID().toString().substring(0, 6);
        int incidents = Integer.getInteger("bench.warmup", Math.max(10, INCIDENTS / 10));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestEvents.infra().kafka().adminConfig(Map.of("acks", "all")), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < incidents; i++) {
                for (CloudEvent event : burst(prefix + "-" + i, COMPONENTS[i % COMPONENTS.length])) {
                    producer.send(new ProducerRecord<>(EventType.ofCeType(event.type()).orElseThrow().topic(),
                            event.subject(), EventCodec.encode(event)));
                }
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> TestEvents.count(
                "SELECT count(*) FROM notifier.notice WHERE group_key LIKE '" + prefix + "-%'") == 3L * incidents
                && open(prefix) == 0);
    }

    private static List<CloudEvent> burst(String incidentId, String component) {
        Instant now = Instant.now();
        OutageDetected outage = new OutageDetected(incidentId, component, Severity.HIGH, "bench load", "bench",
                now.minusSeconds(60), now, "fp-" + incidentId);
        String recoveryId = "rec-" + incidentId;
        RecoveryStarted start = new RecoveryStarted(incidentId, recoveryId, component, RecoveryAction.RESTART, now,
                now.plusSeconds(300), List.of("restart"));
        RecoveryCompleted end = new RecoveryCompleted(incidentId, recoveryId, component, RecoveryAction.RESTART,
                RecoveryStatus.SUCCEEDED, now, now.plusSeconds(120), null, null, 0L, null, List.of("post-mortem"));
        List<CloudEvent> events = new ArrayList<>();
        CloudEvent first = wrap(outage);
        for (int i = 0; i < 5; i++) {
            events.add(first);
            events.add(wrap(outage));
        }
        for (DrEvent payload : List.of(start, end)) {
            CloudEvent once = wrap(payload);
            for (int i = 0; i < 5; i++) {
                events.add(once);
            }
        }
        return events;
    }

    private static CloudEvent wrap(DrEvent payload) {
        return EventCodec.wrap(payload, TopicProducers.anyProducer(EventType.of(payload).topic()), Clock.systemUTC());
    }

    /** The same event id and data, stamped with the moment it is really sent (latency starts there). */
    private static CloudEvent restamp(CloudEvent e) {
        return new CloudEvent(e.specversion(), e.id(), e.source(), e.type(), e.subject(), Instant.now(),
                e.datacontenttype(), e.data());
    }

    private static long open(String run) {
        return TestEvents.count("SELECT (SELECT count(*) FROM notifier.notice WHERE message_id IS NULL AND group_key "
                + "LIKE '" + run + "-%') + (SELECT count(*) FROM notifier.delivery d JOIN notifier.message m ON "
                + "m.id = d.message_id WHERE d.status IN ('PENDING', 'SENDING') AND m.group_key LIKE '" + run + "-%')");
    }

    private record Report(String text, int emails, int chatPosts) {
    }

    private static Report report(String run, int events, double sendSeconds, Instant started) throws SQLException {
        StringBuilder out = new StringBuilder("notifier benchmark: ").append(events).append(" events, ")
                .append(INCIDENTS).append(" incidents, target rate ").append(RATE).append(" events/s\n");
        out.append(String.format("  producer: %.1f events/s achieved (%.1f s)%n", events / sendSeconds, sendSeconds));
        long messages = TestEvents.count("SELECT count(*) FROM notifier.message WHERE group_key LIKE '" + run + "-%'");
        int emails = NotifierTestServers.mailbox().withSubjectContaining(run).size();
        int chat = NotifierTestServers.chat().bodiesContaining(run).size();
        out.append(String.format("  messages: %d grouped (expected %d), emails received %d, chat posts received %d "
                + "(expected %d each)%n", messages, INCIDENTS, emails, chat, INCIDENTS));
        try (Connection c = TestEvents.infra().stateDb().connect(Infrastructure.STATE_DATABASE);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT d.channel, count(*), "
                    + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.completed_at - m.first_event_time)), "
                    + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.completed_at - m.first_event_time)), "
                    + "max(extract(epoch FROM d.completed_at - m.first_event_time)), "
                    + "extract(epoch FROM max(d.completed_at) - min(m.first_event_time)) "
                    + "FROM notifier.delivery d JOIN notifier.message m ON m.id = d.message_id "
                    + "WHERE m.group_key LIKE '" + run + "-%' AND d.status = 'SENT' GROUP BY d.channel ORDER BY 1")) {
                while (rs.next()) {
                    out.append(String.format("  %-5s: %d delivered, event->delivered p50 %.0f ms, p99 %.0f ms, max %.0f "
                                    + "ms; %.1f deliveries/s over %.1f s%n", rs.getString(1), rs.getLong(2),
                            rs.getDouble(3) * 1000, rs.getDouble(4) * 1000, rs.getDouble(5) * 1000,
                            rs.getLong(2) / rs.getDouble(6), rs.getDouble(6)));
                }
            }
        }
        try (Connection c = TestEvents.infra().stateDb().connect(Infrastructure.STATE_DATABASE);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("WITH g AS (SELECT m.id, m.first_event_time f, m.created_at made, "
                        + "(SELECT min(n.received_at) FROM notifier.notice n WHERE n.message_id = m.id) stored, "
                        + "(SELECT max(d.completed_at) FROM notifier.delivery d WHERE d.message_id = m.id) done "
                        + "FROM notifier.message m WHERE m.group_key LIKE '" + run + "-%') SELECT "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored - f)), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM made - stored)), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM done - made)) FROM g")) {
            rs.next();
            out.append(String.format("  p99 by stage: event->stored %.0f ms, stored->grouped %.0f ms (window "
                    + "included), grouped->delivered %.0f ms%n", rs.getDouble(1) * 1000, rs.getDouble(2) * 1000,
                    rs.getDouble(3) * 1000));
        }
        try (Connection c = TestEvents.infra().stateDb().connect(Infrastructure.STATE_DATABASE);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT group_key, round(extract(epoch FROM received_at - event_time) * 1000),"
                        + " to_char(received_at, 'HH24:MI:SS.MS') FROM notifier.notice WHERE group_key LIKE '" + run
                        + "-%' ORDER BY received_at - event_time DESC LIMIT 12")) {
            out.append("  slowest intake:");
            while (rs.next()) {
                out.append(' ').append(rs.getString(1).substring(run.length())).append('=').append(rs.getLong(2))
                        .append("ms@").append(rs.getString(3));
            }
            out.append('\n');
        }
        out.append(String.format("  events consumed end to end: %.1f events/s (first send to last delivery)%n",
                events * 1000.0 / Duration.between(started, Instant.now()).toMillis()));
        return new Report(out.toString(), emails, chat);
    }
}
