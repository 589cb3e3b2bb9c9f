package org.efp.dr.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/** Every REST read needs a viewer or an operator; health, Prometheus and the API description stay open. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestAuthenticationIT {

    private static final List<String> READS = List.of("/incidents", "/incidents/inc-" + UUID.randomUUID(), "/drills",
            "/drills/drill-" + UUID.randomUUID(), "/reports/recovery", "/status", "/status/status.js",
            "/status/snapshot", "/status/events");

    @Test
    void everyReadWithoutCredentialsIsRejectedWith401() {
        // When / Then
        for (String path : READS) {
            given().when().get(path).then().statusCode(401);
        }
    }

    @Test
    void aWrongPasswordIsRejectedWith401() {
        // When / Then
        Callers.as(Callers.VIEWER, "not-the-password").when().get("/incidents").then()
                .statusCode(401);
    }

    @Test
    void aViewerReadsIncidentsDrillsAndTheRecoveryReport() {
        // When / Then
        Callers.viewer().when().get("/incidents").then().statusCode(200);
        Callers.viewer().when().get("/drills").then().statusCode(200);
        Callers.viewer().when().get("/reports/recovery").then().statusCode(200)
                .contentType(containsString("text/html"));
    }

    @Test
    void aViewerOpensTheStatusPageAndItsSnapshot() {
        // When / Then
        Callers.viewer().when().get("/status").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"protection\""), containsString("/status/status.js"));
        Callers.viewer().when().get("/status/status.js").then().statusCode(200)
                .body(containsString("new EventSource('/status/events')"));
        Callers.viewer().when().get("/status/snapshot").then().statusCode(200)
                .body(containsString("\"protectedNow\""));
    }

    @Test
    void anOperatorReadsToo() {
        // When / Then
        Callers.operator().when().get("/incidents").then().statusCode(200);
        Callers.operator().when().get("/drills").then().statusCode(200);
        Callers.operator().when().get("/reports/recovery").then().statusCode(200);
    }

    @Test
    void aUserWithNeitherRoleIsForbiddenEveryRead() {
        // When / Then
        for (String path : READS) {
            Callers.withoutRole().when().get(path).then().statusCode(403);
        }
    }

    @Test
    void healthPrometheusAndTheApiDescriptionNeedNoCredentials() {
        // When / Then
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/incidents"));
    }
}
