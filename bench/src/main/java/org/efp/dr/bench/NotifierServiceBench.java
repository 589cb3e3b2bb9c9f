package org.efp.dr.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;
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
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.MailServer;
import org.efp.dr.testkit.Ports;

/**
 * notifier-service under load: events across incidents through real Kafka to a real SMTP server and a chat receiver,
 * paced at a fixed rate, the service started from its jar. Each incident gets an outage (sent 5 times with one id
 * and 5 times with new ids), a recovery start and a recovery end (each sent 5 times with one id): 20 events that
 * must become exactly one email and one chat post. Numbers go to stdout and bench/target/notifier-bench/report.txt.
 */
public final class NotifierServiceBench {

    private static final String[] COMPONENTS = {"api", "database", "ml-models"};

    private final Infrastructure infra;
    private final MailServer mail;
    private final ChatReceiver chat;
    private final int incidents;

    private NotifierServiceBench(Infrastructure infra, MailServer mail, ChatReceiver chat, int incidents) {
        this.infra = infra;
        this.mail = mail;
        this.chat = chat;
        this.incidents = incidents;
    }

    public static void main(String[] args) throws Exception {
        int incidents = (int) Bench.option(args, "--incidents", 500);
        int rate = (int) Bench.option(args, "--rate", 100);
        // Grouping window well under the burst gap, so each incident's burst is one message.
        long windowMs = (long) Bench.option(args, "--window-ms", 500);
        int warmup = (int) Bench.option(args, "--warmup", Math.max(10, incidents / 10));
        Path work = Path.of("bench/target/notifier-bench").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "bench", "bench-secret-" + System.nanoTime());
                MailServer mail = new MailServer(work.resolve("mail"), Ports.free(), Ports.free(), Ports.free());
                ChatReceiver chat = new ChatReceiver(Ports.free())) {
            mail.start();
            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            config.put("quarkus.mailer.host", mail.smtpHost());
            config.put("quarkus.mailer.port", String.valueOf(mail.smtpPort()));
            config.put("dr.notifier.chat.webhook-url", chat.url());
            config.put("dr.notifier.grouping.window", windowMs + "ms");
            config.put("dr.notifier.dispatch.threads-per-channel", "16");
            try (ServiceProcess service = ServiceProcess.start("notifier-service",
                    ServiceProcess.withKafkaLogin(config, infra, "notifier-service"), work, Map.of(),
                    Map.of("quarkus.log.category.\"org.efp.dr.notifier.dispatch\".level", "ERROR"))) {
                NotifierServiceBench bench = new NotifierServiceBench(infra, mail, chat, incidents);
                bench.warmUp(warmup);
                String report = bench.run(rate);
                System.out.println(report);
                Files.writeString(work.resolve("report.txt"), report);
            }
        }
    }

    private String run(int rate) throws Exception {
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        List<List<CloudEvent>> bursts = new ArrayList<>();
        for (int i = 0; i < incidents; i++) {
            bursts.add(burst(run + "-" + i, COMPONENTS[i % COMPONENTS.length]));
        }
        int events = bursts.stream().mapToInt(List::size).sum();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        try (KafkaProducer<String, String> producer = producer(Map.of("acks", "all", "linger.ms", 0))) {
            int n = 0;
            for (List<CloudEvent> burst : bursts) {
                for (CloudEvent template : burst) {
                    LockSupport.parkNanos(t0 + n * 1_000_000_000L / rate - System.nanoTime());
                    send(producer, restamp(template));
                    n++;
                }
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                emails(run) >= incidents && chat.bodiesContaining(run).size() >= incidents && open(run) == 0);
        String report = report(run, events, rate, sendSeconds, started);
        int emails = emails(run);
        int posts = chat.bodiesContaining(run).size();
        if (emails != incidents || posts != incidents) {
            throw new IllegalStateException(report + "expected exactly " + incidents + " emails and chat posts, got "
                    + emails + " and " + posts);
        }
        return report;
    }

    /**
     * Untimed load first (the consumer group settling, first connections, JIT compilation): a tenth of the run's
     * incidents, sent unpaced, and waited for until every one is delivered.
     */
    private void warmUp(int warmupIncidents) {
        String prefix = "warmup-" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaProducer<String, String> producer = producer(Map.of("acks", "all"))) {
            for (int i = 0; i < warmupIncidents; i++) {
                for (CloudEvent event : burst(prefix + "-" + i, COMPONENTS[i % COMPONENTS.length])) {
                    send(producer, event);
                }
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> count(
                "SELECT count(*) FROM notifier.notice WHERE group_key LIKE '" + prefix + "-%'") == 3L * warmupIncidents
                && open(prefix) == 0);
    }

    private int emails(String run) {
        return (int) mail.mails().stream().filter(m -> m.subject().contains(run)).count();
    }

    private KafkaProducer<String, String> producer(Map<String, ?> settings) {
        return new KafkaProducer<>(infra.kafka().adminConfig(settings), new StringSerializer(),
                new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, CloudEvent event) {
        producer.send(new ProducerRecord<>(EventType.ofCeType(event.type()).orElseThrow().topic(), event.subject(),
                EventCodec.encode(event)));
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

    private long open(String run) throws SQLException {
        return count("SELECT (SELECT count(*) FROM notifier.notice WHERE message_id IS NULL AND group_key "
                + "LIKE '" + run + "-%') + (SELECT count(*) FROM notifier.delivery d JOIN notifier.message m ON "
                + "m.id = d.message_id WHERE d.status IN ('PENDING', 'SENDING') AND m.group_key LIKE '" + run + "-%')");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return infra.stateDb().connect(Infrastructure.STATE_DATABASE);
    }

    private String report(String run, int events, int rate, double sendSeconds, Instant started)
            throws SQLException {
        StringBuilder out = new StringBuilder("notifier benchmark: ").append(events).append(" events, ")
                .append(incidents).append(" incidents, target rate ").append(rate).append(" events/s\n");
        out.append(String.format("  producer: %.1f events/s achieved (%.1f s)%n", events / sendSeconds, sendSeconds));
        long messages = count("SELECT count(*) FROM notifier.message WHERE group_key LIKE '" + run + "-%'");
        out.append(String.format("  messages: %d grouped (expected %d), emails received %d, chat posts received %d "
                + "(expected %d each)%n", messages, incidents, emails(run), chat.bodiesContaining(run).size(),
                incidents));
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT d.channel, count(*), "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.completed_at - "
                        + "m.first_event_time)), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.completed_at - "
                        + "m.first_event_time)), "
                        + "max(extract(epoch FROM d.completed_at - m.first_event_time)), "
                        + "extract(epoch FROM max(d.completed_at) - min(m.first_event_time)) "
                        + "FROM notifier.delivery d JOIN notifier.message m ON m.id = d.message_id "
                        + "WHERE m.group_key LIKE '" + run + "-%' AND d.status = 'SENT' GROUP BY d.channel "
                        + "ORDER BY 1")) {
            while (rs.next()) {
                out.append(String.format("  %-5s: %d delivered, event->delivered p50 %.0f ms, p99 %.0f ms, max %.0f "
                        + "ms; %.1f deliveries/s over %.1f s%n", rs.getString(1), rs.getLong(2),
                        rs.getDouble(3) * 1000, rs.getDouble(4) * 1000, rs.getDouble(5) * 1000,
                        rs.getLong(2) / rs.getDouble(6), rs.getDouble(6)));
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement();
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
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT group_key, round(extract(epoch FROM received_at - event_time) "
                        + "* 1000), to_char(received_at, 'HH24:MI:SS.MS') FROM notifier.notice WHERE group_key LIKE '"
                        + run + "-%' ORDER BY received_at - event_time DESC LIMIT 12")) {
            out.append("  slowest intake:");
            while (rs.next()) {
                out.append(' ').append(rs.getString(1).substring(run.length())).append('=').append(rs.getLong(2))
                        .append("ms@").append(rs.getString(3));
            }
            out.append('\n');
        }
        out.append(String.format("  events consumed end to end: %.1f events/s (first send to last delivery)%n",
                events * 1000.0 / Duration.between(started, Instant.now()).toMillis()));
        return out.toString();
    }

    /** A chat webhook receiver on loopback: keeps every JSON body posted to it. */
    private static final class ChatReceiver implements AutoCloseable {

        private final HttpServer server;
        private final List<String> bodies = new CopyOnWriteArrayList<>();

        ChatReceiver(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hooks/chat", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/chat";
        }

        List<String> bodiesContaining(String text) {
            return bodies.stream().filter(b -> b.contains(text)).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
