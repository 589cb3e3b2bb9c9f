package org.efp.dr.restore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.fixture.DrillEvents;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/**
 * Following restores and reading the drill history need a viewer or an operator; asking for a restore or a drill an
 * operator, whose name the job records whatever the body says. Health, Prometheus and the API description stay open.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestAuthenticationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String RESTORES = "/restores";
    private static final String DRILLS = "/drills";

    /** A restore of a backup that does not exist: it is queued, then fails before touching any database. */
    private static Map<String, Object> restoreOfAMissingBackup(String incidentId) {
        return Map.of("incidentId", incidentId, "target", "energy_forecast", "backupId", "no-such-backup",
                "requestedBy", "someone-else",
                "parameters", Map.of("targetDatabase", SourceDatabase.uniqueName("ef_auth")));
    }

    private static String restoresOf(String incidentId) {
        return RESTORES + "/incident/" + incidentId;
    }

    @Test
    void readingAndAskingWithoutCredentialsAreRejectedWith401() {
        // Given
        String incidentId = "inc-" + UUID.randomUUID();

        // When / Then
        given().when().get(DRILLS).then().statusCode(401);
        given().when().get(restoresOf(incidentId)).then().statusCode(401);
        given().contentType(ContentType.JSON).body(restoreOfAMissingBackup(incidentId)).when().post(RESTORES)
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("scenario", "database_recovery")).when().post(DRILLS)
                .then().statusCode(401);
    }

    @Test
    void aWrongPasswordIsRejectedWith401() {
        // When / Then
        Callers.as(Callers.VIEWER, "not-the-password").when().get(DRILLS).then()
                .statusCode(401);
    }

    @Test
    void aViewerAndAnOperatorFollowRestoresAndReadTheDrillHistory() {
        // Given
        String incidentId = "inc-" + UUID.randomUUID();

        // When / Then
        Callers.viewer().when().get(DRILLS).then().statusCode(200);
        Callers.viewer().when().get(restoresOf(incidentId)).then().statusCode(200);
        Callers.operator().when().get(DRILLS).then().statusCode(200);
        Callers.operator().when().get(restoresOf(incidentId)).then().statusCode(200);
    }

    @Test
    void aViewerMayNotAskForARestoreSoNoneIsQueued() {
        // Given
        String incidentId = "inc-" + UUID.randomUUID();

        // When
        Callers.viewer().contentType(ContentType.JSON).body(restoreOfAMissingBackup(incidentId)).when()
                .post(RESTORES).then().statusCode(403);

        // Then
        Callers.viewer().when().get(restoresOf(incidentId)).then().statusCode(200).body("$", empty());
    }

    @Test
    void aViewerMayNotAskForADrillSoTheHistoryHasNoneOfTheirs() {
        // When
        Callers.viewer().contentType(ContentType.JSON).body(Map.of("scenario", "database_recovery")).when()
                .post(DRILLS).then().statusCode(403);

        // Then
        assertThat(Callers.viewer().queryParam("limit", 1000).when().get(DRILLS).then().statusCode(200).extract()
                .jsonPath().getList("requestedBy", String.class)).doesNotContain(Callers.VIEWER);
    }

    @Test
    void anOperatorAsksForARestoreAndTheJobNamesTheOperatorNotARequesterInTheBody() {
        // Given
        String incidentId = "inc-" + UUID.randomUUID();

        // When
        String jobId = Callers.operator().contentType(ContentType.JSON).body(restoreOfAMissingBackup(incidentId))
                .when().post(RESTORES).then().statusCode(202).extract().path("jobId");

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(jobId, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        String request = Callers.viewer().when().get(RESTORES + "/" + jobId).then().statusCode(200).extract()
                .path("request");
        assertThat(JsonPath.from(request).getString("requestedBy")).isEqualTo(Callers.OPERATOR);
    }

    @Test
    void anOperatorAsksForADrillAndItsHistoryNamesTheOperatorNotARequesterInTheBody() {
        // Given: nothing is backed up for timeseries in this run, so the drill ends quickly without a scratch database
        Map<String, String> body = Map.of("scenario", "database_recovery", "target", "timeseries",
                "requestedBy", "someone-else");

        // When
        String drillId = Callers.operator().contentType(ContentType.JSON).body(body).when().post(DRILLS).then()
                .statusCode(202).extract().path("drillId");

        // Then
        DrillEvents.awaitCompleted(drillId, TIMEOUT);
        Callers.viewer().when().get(DRILLS + "/" + drillId).then().statusCode(200)
                .body("requestedBy", equalTo(Callers.OPERATOR));
    }

    @Test
    void aUserWithNeitherRoleIsForbiddenBoth() {
        // Given
        String incidentId = "inc-" + UUID.randomUUID();

        // When / Then
        Callers.withoutRole().when().get(DRILLS).then().statusCode(403);
        Callers.withoutRole().when().get(restoresOf(incidentId)).then().statusCode(403);
        Callers.withoutRole().contentType(ContentType.JSON).body(restoreOfAMissingBackup(incidentId)).when()
                .post(RESTORES).then().statusCode(403);
    }

    @Test
    void healthPrometheusAndTheApiDescriptionNeedNoCredentials() {
        // When / Then
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString(RESTORES))
                .body(containsString(DRILLS));
    }
}
