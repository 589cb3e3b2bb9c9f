package org.efp.dr.metrics.support;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;

/** Sends contract events to their topics as the other services would, and reads dr.metrics back. */
public final class Events {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Events() {
    }

    /** Sends each payload in a new envelope (a fresh event id each time, as a re-sent fact would have). */
    public static void send(Clock clock, DrEvent... payloads) {
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            for (DrEvent payload : payloads) {
                kafka.send(EventType.of(payload).topic(), payload.subject(),
                        EventCodec.encode(EventCodec.wrap(payload,
                                TopicProducers.anyProducer(EventType.of(payload).topic()), clock)));
            }
        }
    }

    /** The first dr.metrics record whose parsed CloudEvent matches. */
    public static JsonNode awaitMetricsEvent(Predicate<JsonNode> match) {
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            ConsumerRecord<String, String> record = kafka.awaitRecord("dr.metrics", r -> match.test(json(r.value())),
                    TIMEOUT);
            return json(record.value());
        }
    }

    /** Matches a CloudEvent of {@code type} whose data has every given field (text comparison). */
    public static Predicate<JsonNode> event(String type, Map<String, String> data) {
        return ce -> type.equals(ce.path("type").asText()) && data.entrySet().stream()
                .allMatch(e -> e.getValue().equals(ce.path("data").path(e.getKey()).asText()));
    }

    private static JsonNode json(String value) {
        try {
            return EventCodec.mapper().readTree(value);
        } catch (Exception e) {
            return EventCodec.mapper().createObjectNode();
        }
    }
}
