package org.efp.dr.metrics.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.ServiceProbe;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** The delivery rules every service follows, shown on metrics-service: nothing is lost, poison is explained. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class DeliveryRulesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Infrastructure infra = TestInfrastructure.shared();

    private static CloudEvent recoveryStarted(String source) {
        return EventCodec.wrap(new RecoveryStarted("inc-" + UUID.randomUUID(), "rec-1", "database",
                RecoveryAction.RESTORE_DATABASE, Instant.now(), Instant.now().plusSeconds(600), List.of("restore")),
                source, Clock.systemUTC());
    }

    private static CloudEvent outageDetected() {
        Instant now = Instant.now();
        String incident = "inc-" + UUID.randomUUID();
        return EventCodec.wrap(new OutageDetected(incident, "energy-db", Severity.CRITICAL, "forecasts unavailable",
                "probe", now.minusSeconds(60), now, "fp-" + incident), "failover-service", Clock.systemUTC());
    }

    /** Collects what the event consumer logs while {@code action} runs. */
    private static List<LogRecord> consumerLogDuring(Runnable action) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("org.efp.dr.common.delivery.EventConsumer");
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records;
    }

    private static JsonPath readiness() {
        return given().when().get("/q/health/ready").then().extract().jsonPath();
    }

    private static Map<String, Object> intakeCheck() {
        return readiness().getMap("checks.find { it.name == 'Event intake' }");
    }

    /** Puts a record into dr.dead-letter as this service's consumer would have, e.g. before this version. */
    private RecordMetadata deadLettered(CloudEvent event, String key, String consumer, String reason) {
        return deadLettered(event, key, consumer, reason, "dr.recoveries");
    }

    private RecordMetadata deadLettered(CloudEvent event, String key, String consumer, String reason, String topic) {
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            return kafka.send(ServiceProbe.DEAD_LETTER_TOPIC, key, EventCodec.encode(event), Map.of(
                    "dead-letter-topic", topic, "dead-letter-partition", "0", "dead-letter-offset", "7",
                    ServiceProbe.REASON_HEADER, reason, ServiceProbe.CONSUMER_HEADER, consumer));
        }
    }

    @Test
    void jsonNullValueIsDeadLetteredWithAHumanReasonTheServiceNameAndOneWarningWithoutStackTrace() {
        // Given
        CloudEvent valid = recoveryStarted("failover-service");
        ServiceProbe.DeadLettered[] dead = new ServiceProbe.DeadLettered[1];

        // When
        List<LogRecord> logged = consumerLogDuring(() -> dead[0] = ServiceProbe.poisonThenValid("dr.recoveries",
                "null", EventCodec.encode(valid), valid.id(), "metrics"));

        // Then
        assertThat(dead[0].reason()).isEqualTo("NOT_A_CLOUDEVENT: record value is JSON null, not a CloudEvent object");
        assertThat(KafkaTestClient.header(dead[0].record(), ServiceProbe.CONSUMER_HEADER)).isEqualTo("metrics-service");
        List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel().intValue()).isEqualTo(Level.WARNING.intValue());
            assertThat(warning.getThrown()).as("stack trace at WARN").isNull();
            String text = warning.getMessage() + " " + java.util.Arrays.toString(warning.getParameters());
            assertThat(text).contains("dead-lettering record")
                    .contains("record value is JSON null");
        });
    }

    @Test
    void outageDetectedArrivingWhileTheStateDatabaseIsDownIsHandledOnceItIsBackAndNothingIsDeadLettered() {
        // Given
        CloudEvent event = outageDetected();
        String key = "outage-" + UUID.randomUUID();
        infra.stateDb().stop("fast");
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            try {
                kafka.send("dr.incidents", key, EventCodec.encode(event));
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .untilAsserted(() -> {
                            Map<String, Object> check = intakeCheck();
                            assertThat(check).containsEntry("status", "DOWN");
                            @SuppressWarnings("unchecked")
                            Map<String, Object> data = (Map<String, Object>) check.get("data");
                            assertThat(((Number) data.get("retryingForSeconds")).longValue()).isGreaterThanOrEqualTo(30);
                        });
                assertThat(kafka.readKey(ServiceProbe.DEAD_LETTER_TOPIC, key, Duration.ofSeconds(2)))
                        .as("dead-lettered while the database was down").isEmpty();
            } finally {
                // When
                infra.stateDb().start();
            }

            // Then
            await().atMost(TIMEOUT).until(() -> ServiceProbe.processed(infra, "metrics", event.id()));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(intakeCheck()).containsEntry("status", "UP"));
            assertThat(kafka.readKey(ServiceProbe.DEAD_LETTER_TOPIC, key, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void operatorSeesTheServicesDeadLetterRecordsWithTheirReason() {
        // Given
        String key = "listed-" + UUID.randomUUID();
        RecordMetadata at = deadLettered(recoveryStarted("failover-service"), key, "metrics-service",
                "database unreachable: still failing after 8 attempts");

        // When
        JsonPath listed = Callers.operator().when().get("/dead-letters?limit=500").then().statusCode(200)
                .extract().jsonPath();

        // Then
        Map<String, Object> entry = listed.getMap("find { it.key == '" + key + "' }");
        assertThat(entry).containsEntry("partition", at.partition()).containsEntry("topic", "dr.recoveries")
                .containsEntry("consumer", "metrics-service")
                .containsEntry("reason", "database unreachable: still failing after 8 attempts");
        assertThat(((Number) entry.get("offset")).longValue()).isEqualTo(at.offset());
    }

    @Test
    void replayedDeadLetterRecordIsHandledOnce() {
        // Given
        CloudEvent event = recoveryStarted("failover-service");
        RecordMetadata at = deadLettered(event, "replay-" + UUID.randomUUID(), "metrics-service",
                "database unreachable: still failing after 8 attempts");

        // When
        Callers.operator().when().post("/dead-letters/" + at.partition() + "/" + at.offset() + "/replay")
                .then().statusCode(200).body("outcome", equalTo("HANDLED")).body("topic", equalTo("dr.recoveries"));

        // Then
        assertThat(ServiceProbe.processed(infra, "metrics", event.id())).isTrue();
        Callers.operator().when().post("/dead-letters/" + at.partition() + "/" + at.offset() + "/replay")
                .then().statusCode(200).body("outcome", equalTo("ALREADY_HANDLED"));
    }

    @Test
    void replayOfAForgedRecordIsRefusedWithTheReasonAndHandlesNothing() {
        // Given
        CloudEvent forged = recoveryStarted("operator");
        RecordMetadata at = deadLettered(forged, "forged-" + UUID.randomUUID(), "metrics-service",
                "FORBIDDEN_SOURCE: source 'operator' may not publish on dr.recoveries");

        // When / Then
        Callers.operator().when().post("/dead-letters/" + at.partition() + "/" + at.offset() + "/replay")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("source 'operator' may not publish"));
        assertThat(ServiceProbe.processed(infra, "metrics", forged.id())).isFalse();
    }

    @Test
    void replayOfAnotherServicesRecordIsRefused() {
        // Given
        RecordMetadata at = deadLettered(recoveryStarted("failover-service"), "other-" + UUID.randomUUID(),
                "notifier-service", "some reason");

        // When / Then
        Callers.operator().when().post("/dead-letters/" + at.partition() + "/" + at.offset() + "/replay")
                .then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("dead-lettered by notifier-service"));
    }

    @Test
    void replayOfATopologyRecordIsRefusedAndHandlesNothing() {
        // Given
        CloudEvent event = recoveryStarted("failover-service");
        RecordMetadata at = deadLettered(event, "topology-" + UUID.randomUUID(), "metrics-service", "some reason",
                "dr.topology");

        // When / Then
        Callers.operator().when().post("/dead-letters/" + at.partition() + "/" + at.offset() + "/replay")
                .then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("a record of dr.topology is not replayed"));
        assertThat(ServiceProbe.processed(infra, "metrics", event.id())).isFalse();
    }

    @Test
    void viewerMayNotReplay() {
        Callers.viewer().when().post("/dead-letters/0/0/replay").then().statusCode(403);
        Callers.viewer().when().get("/dead-letters").then().statusCode(403);
        given().when().get("/dead-letters").then().statusCode(401);
    }
}
