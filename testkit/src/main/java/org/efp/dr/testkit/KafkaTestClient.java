package org.efp.dr.testkit;


import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends raw records to the test broker and waits for records to appear, as an outside client would: by default as
 * the kit's super user, or as any principal given its client settings.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;

    /** A client of the kit's broker at {@code bootstrapServers}, authenticated as the kit's super user. */
    public KafkaTestClient(String bootstrapServers) {
        this(KafkaBroker.at(bootstrapServers).map(KafkaBroker::adminConfig)
                .orElseThrow(() -> new IllegalArgumentException("no kit broker runs at " + bootstrapServers
                        + "; pass client settings with credentials")));
    }

    /** A client with these settings (bootstrap servers and credentials), e.g. {@link KafkaBroker#clientConfig}. */
    public KafkaTestClient(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put("acks", "all");
        producerConfig.put("max.block.ms", 15_000);
        producerConfig.put("delivery.timeout.ms", 15_000);
        producerConfig.put("request.timeout.ms", 10_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> reader() {
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put("group.id", "test-reader-" + UUID.randomUUID());
        consumerConfig.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    }

    /** Sends a record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a record with headers, waits for the acknowledgement and returns where it was written. */
    public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code topic} holds a record matching {@code match}, reading from the beginning. */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match,
            Duration timeout) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = reader()) {
            consumer.subscribe(List.of(topic));
            org.awaitility.Awaitility.await().atMost(timeout).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.set(r);
                        return true;
                    }
                }
                return false;
            });
        }
        return found.get();
    }

    /** Every record of {@code topic} with {@code key} seen within {@code window}. */
    public List<ConsumerRecord<String, String>> readKey(String topic, String key, Duration window) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = reader()) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    /**
     * Every record of {@code topic} with {@code key} up to the topic's end as it stands now: what was published so
     * far, read as soon as it is all read rather than for a fixed window (fails after {@code timeout}).
     */
    public List<ConsumerRecord<String, String>> readKeyToEnd(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = reader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " in "
                            + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    /** The value of header {@code name}, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
