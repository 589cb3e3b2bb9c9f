package org.efp.dr.restore.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.Topics;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.KafkaTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ids and parameters that would become paths, database names or process arguments are checked where a request
 * enters: REST answers 400 with a problem document, Kafka dead-letters the event; either way nothing is queued and
 * nothing reaches the disk.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class UnsafeIdentifiersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "dr.restore.work-dir")
    Path workDir;

    /**
     * The event as its JSON on the wire with the payload's {@code field} set to {@code value}: the event contract
     * refuses to build such an event, so a hostile producer is imitated by editing the JSON.
     */
    private static String withField(CloudEvent event, String field, String value) throws IOException {
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(EventCodec.encode(event));
        ((ObjectNode) tree.get("data")).put(field, value);
        return tree.toString();
    }

    static Stream<String> unsafeIds() {
        return Stream.of("../../../../tmp/escaped-" + UUID.randomUUID(), "it's", "two words", "x".repeat(10_240),
                "-rf", "a/b", "$(touch /tmp/pwned)");
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void restOperatorAskingForABackupWithAnUnsafeIdGetsAProblemAndNothingIsQueued(String id) {
        // Given
        String incident = "inc-" + UUID.randomUUID();

        // When / Then
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("incidentId", incident, "target", "energy_forecast", "backupId", id))
                .post("/restores").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", org.hamcrest.Matchers.equalTo(400))
                .body("detail", containsString("backupId"));
        Callers.viewer().get("/restores/incident/" + incident).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void restParametersThatWouldBecomeNamesOrPathsAreRefused(String value) {
        for (String parameter : List.of("targetDatabase", "stopServices")) {
            Callers.operator().contentType(ContentType.JSON)
                    .body(Map.of("incidentId", "inc-" + UUID.randomUUID(), "target", "energy_forecast",
                            "parameters", Map.of(parameter, value)))
                    .post("/restores").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", containsString(parameter));
        }
    }

    @Test
    void restRequestNamingTheModelsDirectoryIsRefused() {
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("incidentId", "inc-" + UUID.randomUUID(), "action", "RESTORE_MODELS",
                        "parameters", Map.of("modelsDir", "/")))
                .post("/restores").then().statusCode(400)
                .body("detail", containsString("dr.restore.models-dir"));
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void eventWhoseRecoveryIdIsUnsafeIsDeadLetteredWithTheReasonAndNothingReachesTheDisk(String id)
            throws IOException {
        // Given
        Set<String> before = jobDirectories();
        RecoveryRequested request = new RecoveryRequested("inc-" + UUID.randomUUID(), "rec-placeholder", "database",
                RecoveryAction.RESTORE_DATABASE, "energy_forecast", null, null, false, "test", Instant.now(),
                Map.of());
        CloudEvent event = EventCodec.wrap(request, "operator", Clock.systemUTC());

        // When
        try (KafkaTestClient kafka = RecoveryEvents.client()) {
            kafka.send(Topics.COMMANDS, event.subject(), withField(event, "recoveryId", id));

            // Then
            ConsumerRecord<String, String> dead = kafka.awaitRecord(Topics.DEAD_LETTER,
                    r -> r.value().contains(event.id()), TIMEOUT);
            assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("INVALID_PAYLOAD")
                    .contains("recoveryId");
        }
        Callers.viewer().get("/restores/incident/" + request.incidentId()).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        assertThat(jobDirectories()).isEqualTo(before);
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        if (id.startsWith("../")) {
            assertThat(workDir.resolve("jobs").resolve(id).normalize()).doesNotExist();
        }
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void drillEventWhoseIdIsUnsafeIsDeadLetteredAndNoDrillIsRecorded(String id) throws IOException {
        // Given
        CloudEvent event = EventCodec.wrap(new DrillRequested("drill-placeholder", "model_recovery", "partial", "test",
                Instant.now()), "operator", Clock.systemUTC());

        // When
        try (KafkaTestClient kafka = RecoveryEvents.client()) {
            kafka.send(Topics.COMMANDS, event.subject(), withField(event, "drillId", id));

            // Then
            ConsumerRecord<String, String> dead = kafka.awaitRecord(Topics.DEAD_LETTER,
                    r -> r.value().contains(event.id()), TIMEOUT);
            assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("INVALID_PAYLOAD")
                    .contains("drillId");
        }
        assertThat(Callers.viewer().get("/drills").then().statusCode(200).extract().jsonPath()
                .getList("drillId", String.class)).doesNotContain(id);
    }

    private Set<String> jobDirectories() throws IOException {
        Path jobs = Files.createDirectories(workDir.resolve("jobs"));
        try (Stream<Path> list = Files.list(jobs)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
