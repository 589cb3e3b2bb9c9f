package org.efp.dr.metrics.drill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class LiveDrillReportsIT {

    @Inject
    TestClock clock;

    private String liveDrill(String drillId, Instant start, boolean success, long recoverSeconds) {
        String outcome = success ? "PASSED" : "MISSED";
        return """
                {"drillId":"%s","scenario":"database_failure","type":"live","success":%s,
                 "startedAt":"%s","completedAt":"%s","measuredRtoSeconds":%d,"measuredRpoSeconds":2,
                 "rtoObjectiveSeconds":3600,"rpoObjectiveSeconds":60,%s
                 "report":{"drillId":"%s","scenario":"database_failure","outcome":"%s","startedAt":"%s",
                   "timeToDetectSeconds":4,"timeToRespondSeconds":1,"timeToRecoverSeconds":%d,"dataLossSeconds":2,
                   "acknowledgedCommits":2400,"lostCommits":3,"rtoObjectiveSeconds":3600,"rpoObjectiveSeconds":60,
                   "rtoMarginSeconds":%d,"rpoMarginSeconds":58,
                   "timeline":[{"step":"killed the primary <127.0.0.1:15433>","at":"%s","elapsedSeconds":0.0}],
                   "notifications":[{"channel":"email","recipient":"dba@example.org","subject":"ALERT","status":"SENT"}]},
                 "capacity":[{"component":"database","maxDatabaseBytes":7200000000,
                   "throughputBytesPerSecond":2000000.0,"rtoObjectiveSeconds":3600}]}
                """.formatted(drillId, success, start, start.plusSeconds(recoverSeconds + 60), recoverSeconds,
                success ? "" : "\"error\":\"MISSED: recovery took " + recoverSeconds + "s, RTO is 3600s\",",
                drillId, outcome, start, recoverSeconds, 3600 - recoverSeconds, start);
    }

    @Test
    void aLiveDrillThatMissedItsRtoIsKeptWithItsReportShownInTheTrendsAndItsCapacityIsAGauge() {
        // Given: a passed run, then one that took longer than the RTO
        Instant start = clock.instant().minusSeconds(20_000);
        String passed = "live-database-failure-" + UUID.randomUUID();
        String missed = "live-database-failure-" + UUID.randomUUID();

        // When
        Callers.operator().contentType("application/json").body(liveDrill(passed, start, true, 41))
                .post("/drills").then().statusCode(201);
        Callers.operator().contentType("application/json").body(liveDrill(missed, start.plusSeconds(5000), false,
                3700)).post("/drills").then().statusCode(201).body("rtoMet", equalTo(false));

        // Then
        Callers.viewer().get("/drills/{id}", missed).then().statusCode(200).body("success", equalTo(false))
                .body("measuredRtoSeconds", equalTo(3700)).body("error", containsString("RTO is 3600s"));
        Callers.viewer().get("/drills/{id}/report", missed).then().statusCode(200)
                .body("lostCommits", equalTo(3)).body("outcome", equalTo("MISSED"));
        String page = Callers.viewer().queryParam("runs", "5").get("/reports/drills").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(page).contains("database_failure").contains(missed).contains("class=\"MISSED\"")
                .contains("-1m 40s").contains("3 of 2400").contains("41s → 1h 01m").contains("7.2 GB")
                .contains("&lt;127.0.0.1:15433&gt;").contains("dba@example.org");
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("dr_capacity_max_database_bytes{component=\"database\"} 7.2E9")
                .contains("dr_drill_last_success{scenario=\"database_failure\"} 0.0");
    }

    @Test
    void onlyAnOperatorRecordsADrillAndABadResultIsRefusedWithItsReason() {
        // Given
        Instant start = clock.instant().minusSeconds(100);
        String drillId = "live-database-failure-" + UUID.randomUUID();

        // When / Then
        Callers.viewer().contentType("application/json").body(liveDrill(drillId, start, true, 41)).post("/drills")
                .then().statusCode(403);
        Callers.operator().contentType("application/json")
                .body(liveDrill("../etc", start, true, 41)).post("/drills").then().statusCode(400)
                .body("message", containsString("drillId"));
        Callers.operator().contentType("application/json")
                .body(liveDrill(drillId, start, true, 41).replace("\"component\":\"database\"",
                        "\"component\":\"mainframe\"")).post("/drills").then().statusCode(400)
                .body("message", containsString("capacity component must be one of"));
        Callers.operator().contentType("application/json")
                .body(liveDrill(drillId, start, true, 41).replace("\"success\":true,", "\"success\":false,"))
                .post("/drills").then().statusCode(400)
                .body("message", containsString("error is required"));
        Callers.viewer().get("/drills/{id}", drillId).then().statusCode(404);
    }
}
