package org.efp.dr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.testkit.Infrastructure;

/**
 * metrics-service's throughput and end-to-end latency (event on its topic to RecoveryMetrics on dr.metrics) with
 * 10,000 open incidents, against the service started from its jar on the test kit's infrastructure.
 */
public final class MetricsServiceBench {

    private static final Clock CLOCK = Clock.systemUTC();

    private MetricsServiceBench() {
    }

    public static void main(String[] args) throws Exception {
        int openIncidents = (int) Bench.option(args, "--incidents", 10_000);
        int latencyEvents = (int) Bench.option(args, "--latency-events", 2_000);
        int latencyRate = (int) Bench.option(args, "--latency-rate", 200);
        Path work = Path.of("bench/target/metrics-bench").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "bench", "bench-secret-" + System.nanoTime());
                ServiceProcess service = ServiceProcess.start("metrics-service",
                        ServiceProcess.withKafkaLogin(infra.serviceConfig(), infra, "metrics-service"), work,
                        Map.of())) {
            measure(infra, openIncidents, latencyEvents, latencyRate);
        }
    }

    private static void measure(Infrastructure infra, int openIncidents, int latencyEvents, int latencyRate) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = CLOCK.instant();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = producer(infra);
                KafkaConsumer<String, String> consumer = consumer(infra)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < openIncidents; i++) {
                String id = id(run, i);
                send(producer, new OutageDetected(id, "database", Severity.HIGH, "forecasts unavailable", "probe",
                        start, start.plusSeconds(30), "fp-" + id));
            }
            producer.flush();
            awaitMetrics(consumer, openIncidents, "DETECTED", sentAt, latencies);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%nBENCH open incidents: %d OutageDetected correlated and published in %.1f s = %.0f "
                    + "events/s%n", openIncidents, seconds, openIncidents / seconds);

            long t1 = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / latencyRate;
            Instant at = start.plusSeconds(60);
            for (int i = 0; i < latencyEvents; i++) {
                String id = id(run, i);
                sentAt.put(id, System.currentTimeMillis());
                send(producer, new RecoveryStarted(id, "rec-" + id, "database", RecoveryAction.RESTART, at,
                        at.plusSeconds(600), List.of("restart")));
                LockSupport.parkNanos(interval);
            }
            awaitMetrics(consumer, latencyEvents, "RECOVERING", sentAt, latencies);
            double latencySeconds = (System.nanoTime() - t1) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("BENCH latency: %d RecoveryStarted at %d/s with %d open incidents, %.0f events/s; "
                    + "event -> dr.metrics latency p50=%d ms p99=%d ms max=%d ms%n%n", latencyEvents, latencyRate,
                    openIncidents, latencyEvents / latencySeconds, percentile(sorted, 50), percentile(sorted, 99),
                    sorted.get(sorted.size() - 1));
        }
    }

    private static String id(String run, int i) {
        return "bench-" + run + "-" + i;
    }

    private static void send(KafkaProducer<String, String> producer, DrEvent payload) {
        String topic = EventType.of(payload).topic();
        producer.send(new ProducerRecord<>(topic, payload.subject(),
                EventCodec.encode(EventCodec.wrap(payload, TopicProducers.anyProducer(topic), CLOCK))));
    }

    private static void awaitMetrics(KafkaConsumer<String, String> consumer, int expected, String state,
            Map<String, Long> sentAt, List<Long> latencies) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (seen.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                JsonNode data = read(record.value()).path("data");
                String id = data.path("incidentId").asText();
                if (id.startsWith("bench-") && state.equals(data.path("state").asText()) && seen.add(id)) {
                    Long sent = sentAt.remove(id);
                    if (sent != null) {
                        // The relay stamps each record when it publishes it; polling may lag behind.
                        latencies.add(record.timestamp() - sent);
                    }
                }
            }
        }
        if (seen.size() < expected) {
            throw new IllegalStateException("only " + seen.size() + " of " + expected + " " + state + " seen");
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static JsonNode read(String value) {
        try {
            return EventCodec.mapper().readTree(value);
        } catch (Exception e) {
            return EventCodec.mapper().createObjectNode();
        }
    }

    private static KafkaProducer<String, String> producer(Infrastructure infra) {
        return new KafkaProducer<>(infra.kafka().adminConfig(Map.of("acks", "all", "linger.ms", 5)),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Infrastructure infra) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(infra.kafka().adminConfig(Map.of(
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "latest")), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of("dr.metrics"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }
}
