package org.efp.dr.failover.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;

/** Reads the platform's topics as another service would, decoded to payload records. */
public final class TestEvents {

    private static KafkaTestClient client;

    private TestEvents() {
    }

    public static synchronized KafkaTestClient client() {
        if (client == null) {
            client = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers());
        }
        return client;
    }

    /** Waits for an event of {@code type} on {@code topic} matching {@code match}. */
    public static <T extends DrEvent> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        return type.cast(EventCodec.decode(client().awaitRecord(topic, r -> matches(r.value(), type, match), timeout)
                .value()).payload());
    }

    /** Every event of {@code type} keyed {@code key} seen within {@code window}. */
    public static <T extends DrEvent> List<T> all(String topic, String key, Class<T> type, Duration window) {
        return client().readKey(topic, key, window).stream().map(r -> EventCodec.decode(r.value()).payload())
                .filter(type::isInstance).map(type::cast).toList();
    }

    public static void send(String topic, String key, String json) {
        client().send(topic, key, json);
    }

    public static String resource(String path) {
        try (var in = TestEvents.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + path, e);
        }
    }

    private static <T extends DrEvent> boolean matches(String raw, Class<T> type, Predicate<T> match) {
        try {
            ReceivedEvent e = EventCodec.decode(raw);
            return type.isInstance(e.payload()) && match.test(type.cast(e.payload()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
