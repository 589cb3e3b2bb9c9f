package org.efp.dr.metrics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.metrics.support.Incidents.outage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class DashboardTopicIT {

    @Inject
    TestClock clock;

    @Test
    void everyIncidentUpdateIsPublishedAsADocumentedRecoveryMetricsCloudEvent() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(400);

        // When
        Events.send(clock, outage(id, "cache", Severity.MEDIUM, start, start.plusSeconds(360)));

        // Then
        JsonNode event = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMetrics.v1",
                Map.of("incidentId", id)));
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("source").asText()).isEqualTo("metrics-service");
        assertThat(event.path("subject").asText()).isEqualTo(id);
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        JsonNode data = event.path("data");
        assertThat(fieldNames(data)).containsExactlyInAnyOrder("incidentId", "component", "severity", "state",
                "timeToDetectSeconds", "timeToRespondSeconds", "timeToRecoverSeconds", "dataLossSeconds",
                "rtoObjectiveSeconds", "rpoObjectiveSeconds", "rtoMet", "rpoMet", "updatedAt", "monitoring");
        assertThat(data.path("component").asText()).isEqualTo("cache");
        assertThat(data.path("severity").asText()).isEqualTo("MEDIUM");
        assertThat(data.path("state").asText()).isEqualTo("DETECTED");
        assertThat(data.path("timeToDetectSeconds").asLong()).isEqualTo(360);
        assertThat(data.path("timeToRecoverSeconds").isNull()).isTrue();
        assertThat(data.path("rtoObjectiveSeconds").asLong()).isEqualTo(300);
        assertThat(data.path("rpoObjectiveSeconds").isNull()).isTrue();
        assertThat(data.path("rtoMet").asBoolean()).isFalse();
        assertThat(data.path("monitoring").isNull()).isTrue();
    }

    @Test
    void aSnapshotPerComponentIsPublishedPeriodically() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant();
        Events.send(clock, outage(id, "model-training", Severity.LOW, start, start.plusSeconds(10)));

        // When
        JsonNode snapshot = Events.awaitMetricsEvent(ce -> "org.efp.dr.ComponentSnapshot.v1".equals(
                ce.path("type").asText()) && "model-training".equals(ce.path("subject").asText())
                && ce.path("data").path("openIncidents").asLong() > 0);

        // Then
        JsonNode data = snapshot.path("data");
        assertThat(fieldNames(data)).containsExactlyInAnyOrder("component", "name", "rtoObjectiveSeconds",
                "rpoObjectiveSeconds", "rpoKind", "newestRecoverablePointAt", "rpoExposureSeconds", "rpoMet",
                "openIncidents", "lastDrill", "takenAt");
        assertThat(data.path("name").asText()).isEqualTo("Model Training");
        assertThat(data.path("rtoObjectiveSeconds").asLong()).isEqualTo(14_400);
        assertThat(data.path("rpoKind").asText()).isEqualTo("LAST_SUCCESSFUL_TRAINING");
        assertThat(snapshot.path("source").asText()).isEqualTo("metrics-service");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
