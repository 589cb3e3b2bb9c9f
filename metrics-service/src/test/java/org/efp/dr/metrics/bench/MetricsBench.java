package org.efp.dr.metrics.bench;

import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;

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

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Throughput and end-to-end latency (event on its topic to RecoveryMetrics on dr.metrics) with 10,000 open
 * incidents. Run with {@code bench/run metrics}; prints its numbers.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class MetricsBench {

    private static final int OPEN_INCIDENTS = Integer.getInteger("bench.incidents", 10_000);
    private static final int LATENCY_EVENTS = Integer.getInteger("bench.latency.events", 2_000);
    private static final int LATENCY_RATE = Integer.getInteger("bench.latency.rate", 200);

    @Inject
    TestClock clock;

    @Test
    void correlatesAndPublishesWithTenThousandOpenIncidents() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = clock.instant();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> consumer = consumer()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < OPEN_INCIDENTS; i++) {
                send(producer, outage(id(run, i), "database", Severity.HIGH, start, start.plusSeconds(30)));
            }
            producer.flush();
            awaitMetrics(consumer, OPEN_INCIDENTS, "DETECTED", sentAt, latencies);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%nBENCH open incidents: %d OutageDetected correlated and published in %.1f s = %.0f events/s%n",
                    OPEN_INCIDENTS, seconds, OPEN_INCIDENTS / seconds);

            long t1 = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
            for (int i = 0; i < LATENCY_EVENTS; i++) {
                String id = id(run, i);
                sentAt.put(id, System.currentTimeMillis());
                send(producer, started(id, "database", start.plusSeconds(60)));
                LockSupport.parkNanos(interval);
            }
            awaitMetrics(consumer, LATENCY_EVENTS, "RECOVERING", sentAt, latencies);
            double latencySeconds = (System.nanoTime() - t1) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("BENCH latency: %d RecoveryStarted at %d/s with %d open incidents, %.0f events/s; "
                    + "event -> dr.metrics latency p50=%d ms p99=%d ms max=%d ms%n%n", LATENCY_EVENTS, LATENCY_RATE,
                    OPEN_INCIDENTS, LATENCY_EVENTS / latencySeconds, percentile(sorted, 50), percentile(sorted, 99),
                    sorted.get(sorted.size() - 1));
        }
    }

    private static String id(String run, int i) {
        return "bench-" + run + "-" + i;
    }

    private void send(KafkaProducer<String, String> producer, DrEvent payload) {
        producer.send(new ProducerRecord<>(EventType.of(payload).topic(), payload.subject(),
                EventCodec.encode(EventCodec.wrap(payload, TopicProducers.anyProducer(EventType.of(payload).topic()), clock))));
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

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(kafka(Map.of("acks", "all", "linger.ms", 5)),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka(Map.of(
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "latest")), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of("dr.metrics"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    private static Map<String, Object> kafka(Map<String, ?> settings) {
        return TestInfrastructure.shared().kafka().adminConfig(settings);
    }
}
