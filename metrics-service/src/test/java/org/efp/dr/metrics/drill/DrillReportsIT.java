package org.efp.dr.metrics.drill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class DrillReportsIT {

    @Inject
    TestClock clock;

    @Test
    void aCompletedDrillIsReportedAsJsonInTheHistoryOnTheHtmlTimelineAndInPrometheus() {
        // Given
        String drillId = "drill-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(4000);
        DrillCompleted drill = new DrillCompleted(drillId, "database_recovery", "full", true, start,
                start.plusSeconds(3000), 3000, 2700L, 30L, 3600L, 60L, null);

        // When
        Events.send(clock, drill, drill);

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> Callers.viewer().get("/drills/{id}", drillId)
                .then().statusCode(200).body("rtoMet", equalTo(true)).body("rpoMet", equalTo(true))
                .body("measuredRtoSeconds", equalTo(2700)).body("scenario", equalTo("database_recovery")));
        Callers.viewer().queryParam("scenario", "database_recovery").get("/drills").then().statusCode(200)
                .body("reports.findAll { it.drillId == '" + drillId + "' }.size()", equalTo(1));
        Callers.viewer().get("/reports/recovery").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(drillId)).body(containsString("45m 00s"));
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("dr_drill_last_success{scenario=\"database_recovery\"} 1.0")
                .containsPattern("dr_drills_total\\{outcome=\"success\",scenario=\"database_recovery\"} [1-9]");
    }

    @Test
    void unknownDrillIsNotFoundAndABadLimitIsRejectedWithItsReason() {
        // Given
        String missing = "drill-" + UUID.randomUUID();

        // When / Then
        Callers.viewer().get("/drills/{id}", missing).then().statusCode(404).body("message", containsString(missing));
        Callers.viewer().queryParam("limit", "lots").get("/drills").then().statusCode(400)
                .body("message", containsString("limit must be a whole number"));
        Callers.viewer().queryParam("limit", "0").get("/incidents").then().statusCode(400)
                .body("message", containsString("limit must be between 1 and 1000"));
    }
}
