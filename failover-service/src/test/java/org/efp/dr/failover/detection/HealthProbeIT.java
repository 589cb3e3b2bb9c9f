package org.efp.dr.failover.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.FakeHealthEndpoint;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class HealthProbeIT {

    @Test
    void unhealthyEndpointIsDeclaredAfterConsecutiveFailuresAndResolvedWhenHealthyAgain() {
        // Given
        FakeHealthEndpoint endpoint = FakeHealthEndpoint.shared();

        // When
        endpoint.answer(503);

        // Then
        OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("reporting-api") && o.source().equals("health-probe"),
                Duration.ofSeconds(20));
        assertThat(outage.impact()).contains("answered 503").contains("3 consecutive probes");
        assertThat(Duration.between(outage.outageStartedAt(), outage.detectedAt())).isGreaterThanOrEqualTo(
                Duration.ofMillis(500));
        endpoint.answer(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/incidents/" + outage.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
    }
}
