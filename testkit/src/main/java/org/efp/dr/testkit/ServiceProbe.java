package org.efp.dr.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks every service shares: it is ready with its database and Kafka, it serves Prometheus metrics, and a poison
 * record on a consumed topic lands in the dead-letter topic with its reason while the consumer keeps going.
 */
public final class ServiceProbe {

    /** The dead-letter topic. */
    public static final String DEAD_LETTER_TOPIC = "dr.dead-letter";
    /** The header the messaging layer puts the failure reason in. */
    public static final String REASON_HEADER = "dead-letter-reason";
    /** The header naming the service (and consumer group) that dead-lettered a record. */
    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ServiceProbe() {
    }

    /** The outcome: the dead-lettered poison record and its reason. */
    public record DeadLettered(ConsumerRecord<String, String> record, String reason) {
    }

    /**
     * Sends {@code poison} to {@code topic}, then {@code validEvent} with id {@code validEventId}; waits for the
     * poison in the dead-letter topic and for the valid event to be recorded as processed in {@code schema}.
     */
    public static DeadLettered poisonThenValid(String topic, String poison, String validEvent, String validEventId,
            String schema) {
        Infrastructure infra = TestInfrastructure.shared();
        String poisonKey = "poison-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            kafka.send(topic, poisonKey, poison);
            kafka.send(topic, "valid-" + validEventId, validEvent);
            ConsumerRecord<String, String> dead = kafka.awaitRecord(DEAD_LETTER_TOPIC, r -> poisonKey.equals(r.key()),
                    TIMEOUT);
            await().atMost(TIMEOUT).until(() -> processed(infra, schema, validEventId));
            return new DeadLettered(dead, KafkaTestClient.header(dead, REASON_HEADER));
        }
    }

    /** The service under test (RestAssured points at it) is ready, with its database and Kafka checks in the answer. */
    public static void assertReadyWithDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging"));
    }

    /** The service under test serves Prometheus metrics. */
    public static void assertExposesPrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    /** {@link #poisonThenValid}, then: the poison went to the dead-letter topic as sent, with its reason. */
    public static void assertPoisonDeadLetteredAndConsumingGoesOn(String topic, String validEvent,
            String validEventId, String schema) {
        String poison = "{not json";
        DeadLettered dead = poisonThenValid(topic, poison, validEvent, validEventId, schema);
        assertThat(dead.reason()).contains("MALFORMED_JSON");
        assertThat(dead.record().value()).isEqualTo(poison);
    }

    /**
     * {@link #poisonThenValid} with a forged event (its CloudEvents source may not publish on {@code topic}): it went
     * to the dead-letter topic with a reason naming the source and the topic, and a header naming {@code service}.
     */
    public static void assertForgedSourceDeadLetteredAndConsumingGoesOn(String topic, String forgedEvent,
            String validEvent, String validEventId, String schema, String service) {
        DeadLettered dead = poisonThenValid(topic, forgedEvent, validEvent, validEventId, schema);
        assertThat(dead.reason()).startsWith("FORBIDDEN_SOURCE").contains("may not publish on " + topic);
        assertThat(KafkaTestClient.header(dead.record(), CONSUMER_HEADER)).isEqualTo(service);
        assertThat(dead.record().value()).isEqualTo(forgedEvent);
    }

    /** Whether the service recorded {@code eventId} as processed. */
    public static boolean processed(Infrastructure infra, String schema, String eventId) {
        return infra.stateDb().queryLong(Infrastructure.STATE_DATABASE, "SELECT count(*) FROM " + schema
                + ".dr_processed_event WHERE event_id = '" + eventId.replace("'", "''") + "'") == 1;
    }
}
