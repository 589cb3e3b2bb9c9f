package org.efp.dr.failover.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** failover-service benchmark: {@code bench/run failover-service} (Maven profile bench). Prints its numbers. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class FailoverBench {

    static final String DB = Infrastructure.ENERGY_FORECAST;
    static final int FAILOVERS = Integer.getInteger("bench.failovers", 10);
    static final int INCIDENTS = Integer.getInteger("bench.incidents", 1000);
    static final int RATE = Integer.getInteger("bench.rate", 20);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    DataSource state;

    private final List<String> report = new ArrayList<>();

    @Test
    void benchmark() throws Exception {
        incidentToRecoveryStarted();
        primaryKilledToStandbyWritable();
        Path out = Path.of("target", "bench-results.txt");
        Files.writeString(out, String.join("\n", report) + "\n", StandardCharsets.UTF_8);
        System.out.println("\n==== failover-service benchmark ====\n" + String.join("\n", report) + "\n");
    }

    void incidentToRecoveryStarted() throws Exception {
        kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("api-service").endMetadata().withNewSpec().withReplicas(2).endSpec()
                .build()).createOr(d -> d.update());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> started = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean assigned = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestInfrastructure.shared().kafka()
                    .adminConfig(Map.of("group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "latest")),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.RECOVERIES));
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        if (r.value().contains("RecoveryStarted")
                                && EventCodec.decode(r.value()).payload() instanceof RecoveryStarted s) {
                            started.putIfAbsent(s.incidentId(), now);
                        }
                    }
                    if (!consumer.assignment().isEmpty()) {
                        assigned.set(true);
                    }
                }
            }
        }, "bench-reader");
        reader.start();
        await().atMost(Duration.ofSeconds(30)).untilTrue(assigned);
        // Warm-up: the service's consumer group must have joined and the pipeline be flowing before measuring.
        send(60, "warm-", sent);
        await().atMost(Duration.ofSeconds(120)).until(() -> started.keySet().containsAll(sent.keySet()));
        send(INCIDENTS, "bench-", sent);
        await().atMost(Duration.ofSeconds(120)).until(() -> started.keySet().containsAll(sent.keySet()));
        stop.set(true);
        reader.join();
        Stats stats = new Stats();
        sent.forEach((id, t) -> {
            if (id.startsWith("bench-")) {
                stats.add((started.get(id) - t) / 1e6);
            }
        });
        report.add(String.format("OutageDetected published -> RecoveryStarted consumed: n=%d at %d/s, "
                + "p50=%.1f ms p99=%.1f ms max=%.1f ms (goal p99 <= 250 ms)", stats.count(), RATE,
                stats.percentile(50), stats.percentile(99), stats.max()));
    }

    private static void send(int count, String prefix, Map<String, Long> sent) {
        long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = prefix + UUID.randomUUID();
            Instant now = Instant.now();
            // A component per outage: outages of one component join one recovery and get no RecoveryStarted.
            String json = EventCodec.encode(EventCodec.wrap(new OutageDetected(id, "bench-component-" + id,
                    Severity.HIGH, "bench outage", "bench", now, now, "bench:" + id), "operator", Clock.systemUTC()));
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            next += interval;
            sent.put(id, System.nanoTime());
            TestEvents.send(Topics.INCIDENTS, id, json);
        }
    }

    void primaryKilledToStandbyWritable() throws Exception {
        Infrastructure infra = TestInfrastructure.shared();
        PostgresServer primary = infra.primary();
        PostgresServer standby = infra.standby();
        List<PostgresServer> created = new ArrayList<>();
        Stats switched = new Stats();
        List<String> losses = new ArrayList<>();
        long totalLost = 0;
        try {
            primary.execute(DB, "CREATE TABLE IF NOT EXISTS bench_heartbeat (seq bigint PRIMARY KEY)");
            for (int run = 0; run < FAILOVERS; run++) {
                PostgresServer p = primary;
                PostgresServer s = standby;
                long base = run * 1_000_000L;
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> s.queryLong(DB,
                        "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1
                        && openDatabaseIncidents() == 0);
                Heartbeat heartbeat = new Heartbeat(p.jdbcUrl(DB), base);
                heartbeat.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.acked.get() > base + 5);
                long t0 = System.nanoTime();
                p.stop("immediate");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                        .until(() -> secretPointsAt(s.jdbcUrl(DB)) && writable(s));
                switched.add((System.nanoTime() - t0) / 1e6);
                heartbeat.stop();
                long acked = heartbeat.acked.get();
                long present = s.queryLong(DB, "SELECT count(*) FROM bench_heartbeat WHERE seq > " + base
                        + " AND seq <= " + acked);
                long lost = (acked - base) - present;
                totalLost += lost;
                losses.add(String.valueOf(lost));
                PostgresServer next = PostgresServer.standbyOf(s, "bench-standby-" + run,
                        infra.layout().root().resolve("bench-standby-" + run), Ports.free()).start();
                created.add(next);
                Callers.operator().contentType(ContentType.JSON)
                        .body("{\"url\":\"" + next.jdbcUrl(DB) + "\",\"role\":\"STANDBY\"}")
                        .when().post("/api/v1/database/nodes").then().statusCode(204);
                primary = s;
                standby = next;
            }
        } finally {
            created.forEach(PostgresServer::close);
        }
        report.add(String.format("Primary killed -> standby writable and connection Secret switched: n=%d, "
                + "p50=%.0f ms max=%.0f ms (goal <= 5000 ms, probe interval 1 s, 3 failures)", switched.count(),
                switched.percentile(50), switched.max()));
        report.add("Commits lost in the failover (heartbeat every 100 ms, async replication): per run " + losses
                + ", total " + totalLost);
        assertThat(switched.count()).isEqualTo(FAILOVERS);
    }

    private long openDatabaseIncidents() throws Exception {
        try (Connection c = state.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM incident WHERE fingerprint = "
                        + "'probe:database' AND status = 'OPEN') + (SELECT count(*) FROM recovery_job WHERE status "
                        + "IN ('PENDING', 'RUNNING', 'WAITING'))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean secretPointsAt(String url) {
        Secret secret = kubernetes.secrets().inNamespace(kubernetes.getNamespace()).withName("energy-forecast-db")
                .get();
        return secret != null && url.equals(new String(Base64.getDecoder().decode(secret.getData().get("jdbc-url")),
                StandardCharsets.UTF_8));
    }

    private static boolean writable(PostgresServer server) {
        try (Connection c = server.connect(DB); Statement st = c.createStatement()) {
            st.execute("INSERT INTO bench_heartbeat VALUES (-" + System.nanoTime() + ")");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Writes one row every 100 ms and remembers the last acknowledged sequence number. */
    static final class Heartbeat {
        final AtomicLong acked;
        private final String url;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Heartbeat(String url, long base) {
            this.url = url;
            this.acked = new AtomicLong(base);
        }

        void start() {
            thread = new Thread(() -> {
                long seq = acked.get();
                try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                        PreparedStatement ps = c.prepareStatement("INSERT INTO bench_heartbeat VALUES (?)")) {
                    while (running.get()) {
                        ps.setLong(1, ++seq);
                        ps.executeUpdate();
                        acked.set(seq);
                        LockSupport.parkNanos(100_000_000L);
                    }
                } catch (Exception e) {
                    // the primary was killed: the last acknowledged commit is what counts
                }
            }, "bench-heartbeat");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
