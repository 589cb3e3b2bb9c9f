package org.efp.dr.metrics.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.completed;
import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RecoveryHistogramsIT {

    @Inject
    TestClock clock;

    @Test
    void prometheusExposesTheFourMetricsAsHistogramsByComponentAndSeverity() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(5000);

        // When
        Events.send(clock, outage(id, "database", Severity.HIGH, start, start.plusSeconds(100)),
                started(id, "database", start.plusSeconds(200)),
                completed(id, "database", start.plusSeconds(200), start.plusSeconds(4000), 0));

        // Then
        IncidentMetricsIT.awaitState(id, "RECOVERED");
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(metrics())
                .contains("dr_recovery_time_to_detect_seconds_bucket{component=\"database\",severity=\"high\",le=\"300.0\"}")
                .contains("dr_recovery_time_to_respond_seconds_count{component=\"database\",severity=\"high\"}")
                .contains("dr_recovery_time_to_recover_seconds_bucket{component=\"database\",severity=\"high\",le=\"7200.0\"}")
                .contains("dr_recovery_data_loss_seconds_sum{component=\"database\",severity=\"high\"}")
                .contains("dr_rpo_objective_seconds{component=\"database\"} 60.0"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
