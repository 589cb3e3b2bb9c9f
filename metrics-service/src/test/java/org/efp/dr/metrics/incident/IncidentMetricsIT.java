package org.efp.dr.metrics.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.completed;
import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;
import static org.efp.dr.metrics.support.Incidents.step;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class IncidentMetricsIT {

    @Inject
    TestClock clock;

    @Test
    void measuresDetectRespondRecoverAndDataLossExactlyFromTheEvents() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(3600);

        // When
        Events.send(clock, outage(id, "database", Severity.CRITICAL, start, start.plusSeconds(180)),
                started(id, "database", start.plusSeconds(600)),
                step(id, start.plusSeconds(600), start.plusSeconds(1200)),
                completed(id, "database", start.plusSeconds(600), start.plusSeconds(3000), 30));

        // Then
        JsonPath incident = awaitState(id, "RECOVERED");
        assertThat(incident.getLong("timeToDetectSeconds")).isEqualTo(180);
        assertThat(incident.getLong("timeToRespondSeconds")).isEqualTo(420);
        assertThat(incident.getLong("timeToRecoverSeconds")).isEqualTo(3000);
        assertThat(incident.getLong("dataLossSeconds")).isEqualTo(30);
        assertThat(incident.getBoolean("rtoMet")).isTrue();
        assertThat(incident.getBoolean("rpoMet")).isTrue();
    }

    @Test
    void aRestoredModelWatchedAfterItServedAgainIsRecoveredWhenItServedNotWhenTheWatchEnded() {
        // Given: a model outage whose restore served again 40 s after the outage, then watched it for 10 minutes
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(3600);
        Instant serving = start.plusSeconds(40);

        // When
        Events.send(clock, outage(id, "ml-models", Severity.CRITICAL, start, start.plusSeconds(5)),
                started(id, "ml-models", start.plusSeconds(6)),
                new RecoveryCompleted(id, "rec-" + id, "ml-models", RecoveryAction.RESTORE_MODELS,
                        RecoveryStatus.SUCCEEDED, start.plusSeconds(6), serving.plusSeconds(600), "models-1",
                        start, 0L, null, List.of(), null,
                        Map.of(RecoveryCompleted.SERVING_SINCE, serving.toString())));

        // Then: its RTO ends when it served again; the watch after it is not recovery time
        JsonPath incident = awaitState(id, "RECOVERED");
        assertThat(incident.getLong("timeToRecoverSeconds")).isEqualTo(40);
        assertThat(incident.getBoolean("rtoMet")).isTrue();
    }

    @Test
    void theServicesStoppedAndStartedAroundAFailedRestoreDoNotMakeTheIncidentRecovered() {
        // Given: a model restore that stops and restarts ml-service around itself (both parts succeed)
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(600);
        String restore = "rec-" + id;
        Events.send(clock, outage(id, "ml-models", Severity.CRITICAL, start, start.plusSeconds(2)),
                started(id, "ml-models", start.plusSeconds(3)));
        for (String part : List.of(":stop-services", ":restart-services")) {
            Events.send(clock, new RecoveryStarted(id, restore + part, "ml-models", RecoveryAction.SCALE_DOWN,
                    start.plusSeconds(4), start.plusSeconds(60), List.of("scale")),
                    new RecoveryCompleted(id, restore + part, "ml-models", RecoveryAction.SCALE_DOWN,
                            RecoveryStatus.SUCCEEDED, start.plusSeconds(4), start.plusSeconds(5), null, null, null,
                            null, List.of()));
        }

        // When: the restore itself fails
        Events.send(clock, new RecoveryCompleted(id, restore, "ml-models", RecoveryAction.RESTART,
                RecoveryStatus.FAILED, start.plusSeconds(3), start.plusSeconds(6), null, null, null,
                "the models directory cannot be created", List.of()));

        // Then: the incident's recovery failed; the parts that succeeded recovered nothing
        JsonPath incident = awaitState(id, "RECOVERY_FAILED");
        assertThat(incident.getString("timeToRecoverSeconds")).isNull();
        assertThat(incident.getLong("timeToRespondSeconds")).isEqualTo(1);
    }

    @Test
    void duplicatedAndReorderedEventsGiveTheSameMetricsAsOrderedOnes() {
        // Given
        String ordered = "inc-" + UUID.randomUUID();
        String shuffled = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(7200);
        Events.send(clock, outage(ordered, "api", Severity.HIGH, start, start.plusSeconds(400)),
                started(ordered, "api", start.plusSeconds(1500)),
                completed(ordered, "api", start.plusSeconds(1500), start.plusSeconds(2000), 90));

        // When
        Events.send(clock, completed(shuffled, "api", start.plusSeconds(1500), start.plusSeconds(2000), 90),
                started(shuffled, "api", start.plusSeconds(1500)),
                completed(shuffled, "api", start.plusSeconds(1500), start.plusSeconds(2000), 90),
                outage(shuffled, "api", Severity.HIGH, start, start.plusSeconds(400)),
                started(shuffled, "api", start.plusSeconds(1500)),
                outage(shuffled, "api", Severity.HIGH, start, start.plusSeconds(400)));

        // Then
        Map<String, Object> expected = metrics(awaitState(ordered, "RECOVERED"));
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(metrics(incident(shuffled)))
                .isEqualTo(expected));
        assertThat(expected).containsEntry("timeToDetectSeconds", 400).containsEntry("timeToRespondSeconds", 1100)
                .containsEntry("timeToRecoverSeconds", 2000).containsEntry("dataLossSeconds", 90)
                .containsEntry("rtoMet", false).containsEntry("rpoMet", false);
    }

    static JsonPath awaitState(String incidentId, String state) {
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(incident(incidentId).getString("state"))
                .isEqualTo(state));
        return incident(incidentId);
    }

    static JsonPath incident(String incidentId) {
        return Callers.viewer().get("/incidents/{id}", incidentId).then().extract().jsonPath();
    }

    private static Map<String, Object> metrics(JsonPath incident) {
        Map<String, Object> all = incident.getMap("$");
        all.keySet().removeAll(Set.of("incidentId", "version", "updatedAt"));
        return all;
    }
}
