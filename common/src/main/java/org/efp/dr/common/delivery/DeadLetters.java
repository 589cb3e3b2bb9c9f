package org.efp.dr.common.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.efp.dr.common.events.PoisonEventException;
import org.efp.dr.common.events.Topics;
import org.jboss.logging.Logger;

/**
 * The records this service dead-lettered, and their replay once the cause is fixed. A replay hands the original
 * value to this service's intake again, as if it had just been read from its original topic: the same source check,
 * the same handling, deduplicated on the event id. It does not publish anything (the other consumers of the topic
 * handled their own copy), so no service needs write access to a topic it does not own.
 */
@ApplicationScoped
public class DeadLetters {

    /** Header the connector puts the original topic in. */
    public static final String TOPIC_HEADER = "dead-letter-topic";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How far back each partition is scanned for the listing. */
    private static final long SCAN = 5_000;

    /** One dead-lettered record. */
    public record Entry(int partition, long offset, String consumer, String topic, String originalPartition,
            String originalOffset, String key, String reason, Instant deadLetteredAt) {
    }

    /** What a replay did: {@code HANDLED}, or {@code ALREADY_HANDLED} when the event had been handled since. */
    public record Replayed(int partition, long offset, String topic, String outcome) {
    }

    /** A replay that cannot be done; {@code status} is the HTTP status that says why. */
    public static final class ReplayRefused extends RuntimeException {
        private final int status;

        public ReplayRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final KafkaClientSettings kafka;
    private final EventIntake intake;
    private final EventHandler handler;
    private final String consumer;

    public DeadLetters(KafkaClientSettings kafka, EventIntake intake, EventHandler handler, ServiceConfig service) {
        this.kafka = kafka;
        this.intake = intake;
        this.handler = handler;
        this.consumer = service.name();
    }

    /** The newest records this service dead-lettered, newest first, at most {@code limit}. */
    public List<Entry> recent(int limit) {
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.DEAD_LETTER, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            Map<TopicPartition, Long> begin = reader.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, TIMEOUT);
            partitions.forEach(p -> reader.seek(p, Math.max(begin.get(p), end.get(p) - SCAN)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    if (consumer.equals(header(r, EventConsumer.CONSUMER_HEADER))) {
                        entries.add(entry(r));
                    }
                }
            }
        }
        return entries.stream().sorted(Comparator.comparing(Entry::deadLetteredAt).reversed()).limit(limit).toList();
    }

    /** Hands the record at {@code partition}/{@code offset} of the dead-letter topic to this service again. */
    public Replayed replay(int partition, long offset) {
        ConsumerRecord<String, String> record = read(partition, offset)
                .orElseThrow(() -> new ReplayRefused(404, "no dead-letter record at partition " + partition
                        + " offset " + offset));
        String writer = header(record, EventConsumer.CONSUMER_HEADER);
        if (!consumer.equals(writer)) {
            throw new ReplayRefused(409, "the record was dead-lettered by " + (writer == null ? "an unnamed consumer"
                    : writer) + ", not by " + consumer + "; replay it there");
        }
        String topic = header(record, TOPIC_HEADER);
        if (topic == null) {
            throw new ReplayRefused(409, "the record names no original topic");
        }
        if (Topics.COMPACTED.contains(topic)) {
            throw new ReplayRefused(409, "a record of " + topic + " is not replayed: the newest state there is what "
                    + "counts, and its producer publishes it again on every change");
        }
        try {
            boolean handled = intake.accept(consumer, topic, record.value(), handler::handle);
            LOG.infof("dead-letter record replayed consumer=%s partition=%d offset=%d topic=%s handled=%s", consumer,
                    partition, offset, topic, handled);
            return new Replayed(partition, offset, topic, handled ? "HANDLED" : "ALREADY_HANDLED");
        } catch (PoisonEventException e) {
            throw new ReplayRefused(422, "still refused: " + e.getMessage());
        } catch (RuntimeException e) {
            if (TransientRetry.isTransient(e)) {
                throw new ReplayRefused(503, "handling failed for a passing reason, try again: " + e.getMessage());
            }
            throw new ReplayRefused(422, "handling failed: " + e.getMessage());
        }
    }

    private Optional<ConsumerRecord<String, String>> read(int partition, long offset) {
        if (partition < 0 || offset < 0) {
            throw new ReplayRefused(400, "partition and offset must not be negative");
        }
        try (KafkaConsumer<String, String> reader = reader()) {
            TopicPartition tp = new TopicPartition(Topics.DEAD_LETTER, partition);
            if (reader.partitionsFor(Topics.DEAD_LETTER, TIMEOUT).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            reader.assign(List.of(tp));
            if (offset >= reader.endOffsets(List.of(tp), TIMEOUT).get(tp)) {
                return Optional.empty();
            }
            reader.seek(tp, offset);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return Optional.of(r);
                    }
                    if (r.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private KafkaConsumer<String, String> reader() {
        Map<String, Object> config = kafka.clientConfig();
        // No consumer group: the records are read by position and nothing is committed.
        config.remove("group.id");
        config.put("enable.auto.commit", "false");
        config.put("client.id", consumer + "-dead-letters");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static Entry entry(ConsumerRecord<String, String> r) {
        return new Entry(r.partition(), r.offset(), header(r, EventConsumer.CONSUMER_HEADER), header(r, TOPIC_HEADER),
                header(r, "dead-letter-partition"), header(r, "dead-letter-offset"), r.key(),
                header(r, "dead-letter-reason"), Instant.ofEpochMilli(r.timestamp()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
