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
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;
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

    @Test
    void aNotifyOnlyIncidentThatEndedIsResolvedWithItsDurationAndBreachesNothingAfterwards() {
        // Given: two notify-only outages (nothing recovers them); one ends after 4 minutes, the other stays open
        String ended = "inc-" + UUID.randomUUID();
        String stillOpen = "inc-" + UUID.randomUUID();
        Instant start = clock.instant();
        Events.send(clock, outage(ended, "reporting-api", Severity.HIGH, start, start.plusSeconds(30)),
                outage(stillOpen, "reporting-api", Severity.HIGH, start, start.plusSeconds(30)),
                new IncidentResolved(ended, "reporting-api", start.plusSeconds(240), "alertmanager"));

        // Then: the ended one is measured RESOLVED, its time to recover how long the outage lasted
        JsonNode resolved = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMetrics.v1",
                Map.of("incidentId", ended, "state", "RESOLVED")));
        assertThat(resolved.path("data").path("timeToRecoverSeconds").asLong()).isEqualTo(240);
        assertThat(resolved.path("data").path("timeToRespondSeconds").isNumber()).as("nothing responded").isFalse();

        // When: the time to respond (15 min) passes for both
        clock.advance(Duration.ofMinutes(16));

        // Then: only the open one breaches it
        Events.awaitMetricsEvent(Events.event("org.efp.dr.MetricThresholdBreached.v1",
                Map.of("incidentId", stillOpen, "metric", "time_to_respond")));
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            assertThat(kafka.readKey("dr.metrics", ended, Duration.ofSeconds(3)))
                    .noneMatch(r -> r.value().contains("MetricThresholdBreached"));
        }
    }
}
