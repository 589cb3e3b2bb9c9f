package org.efp.dr.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A small Kafka client for the local run: {@code send TOPIC KEY} publishes standard input as one record;
 * {@code tail TOPIC [SECONDS]} prints records (from the beginning) with their headers. It authenticates as
 * {@code DR_KAFKA_USERNAME} (the local run passes {@code operator}) with {@code DR_KAFKA_PASSWORD}.
 */
public final class KafkaCli {

    private KafkaCli() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        String user = System.getenv().getOrDefault("DR_KAFKA_USERNAME", KafkaAccess.OPERATOR);
        String password = System.getenv("DR_KAFKA_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("DR_KAFKA_PASSWORD is not set (./dr send and tail take it from .dr/kafka-users.env)");
            System.exit(2);
        }
        Map<String, Object> client = KafkaBroker.clientConfig(bootstrap, user, password);
        if (args.length >= 3 && args[0].equals("send")) {
            String value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
            try (KafkaTestClient producer = new KafkaTestClient(client)) {
                producer.send(args[1], args[2], value);
            }
            System.out.println("sent to " + args[1] + " key=" + args[2]);
        } else if (args.length >= 2 && args[0].equals("tail")) {
            long seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
            tail(client, user, args[1], Duration.ofSeconds(seconds));
        } else {
            System.err.println("usage: send TOPIC KEY < value.json | tail TOPIC [SECONDS]");
            System.exit(2);
        }
    }

    private static void tail(Map<String, Object> client, String user, String topic, Duration window) {
        Map<String, Object> config = new HashMap<>(client);
        // A principal may join only consumer groups named after itself.
        config.put("group.id", user + "-tail-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    StringBuilder headers = new StringBuilder();
                    r.headers().forEach(h -> headers.append(' ').append(h.key()).append('=')
                            .append(new String(h.value(), StandardCharsets.UTF_8)));
                    System.out.println(r.topic() + "[" + r.partition() + "@" + r.offset() + "] key=" + r.key()
                            + headers + "\n  " + r.value());
                });
            }
        }
    }
}
