package org.efp.dr.metrics.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;

import java.time.Duration;
import java.time.Instant;
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
class OpenIncidentBreachIT {

    @Inject
    TestClock clock;

    @Test
    void slowCriticalRecoveryBreachesTheOneHourThresholdWhileStillOpen() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant();
        Events.send(clock, outage(id, "ml-models", Severity.CRITICAL, start, start.plusSeconds(60)),
                started(id, "ml-models", start.plusSeconds(120)));
        Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMetrics.v1",
                Map.of("incidentId", id, "state", "RECOVERING")));

        // When
        clock.advance(Duration.ofMinutes(61));

        // Then
        JsonNode breach = Events.awaitMetricsEvent(Events.event("org.efp.dr.MetricThresholdBreached.v1",
                Map.of("incidentId", id, "metric", "time_to_recover")));
        assertThat(breach.path("data").path("incidentOpen").asBoolean()).isTrue();
        assertThat(breach.path("data").path("thresholdSeconds").asLong()).isEqualTo(3600);
        assertThat(breach.path("data").path("observedSeconds").asLong()).isGreaterThanOrEqualTo(3660);
        assertThat(breach.path("data").path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(breach.path("data").path("component").asText()).isEqualTo("ml-models");
    }
}
