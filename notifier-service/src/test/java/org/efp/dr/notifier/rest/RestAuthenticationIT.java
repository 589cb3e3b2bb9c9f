package org.efp.dr.notifier.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/**
 * The delivery log needs a viewer or an operator, acknowledging an operator; health, Prometheus and the API
 * description stay open.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class RestAuthenticationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DELIVERIES = "/api/deliveries";

    private static String acknowledgePath(String incidentId) {
        return "/api/incidents/" + incidentId + "/acknowledge";
    }

    /** A critical incident the notifier has taken in, so acknowledging it can succeed. */
    private static String criticalIncidentTakenIn() {
        String incidentId = TestEvents.incidentId();
        CloudEvent event = TestEvents.send(TestEvents.outage(incidentId, "database", Severity.CRITICAL));
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(event.id()));
        return incidentId;
    }

    private static long acknowledgements(String incidentId) {
        return TestEvents.count("SELECT count(*) FROM notifier.acknowledgement WHERE incident_id = '" + incidentId
                + "'");
    }

    @Test
    void readingAndAcknowledgingWithoutCredentialsAreRejectedWith401() {
        // When / Then
        given().when().get(DELIVERIES).then().statusCode(401);
        given().when().post(acknowledgePath(TestEvents.incidentId())).then().statusCode(401);
    }

    @Test
    void aWrongPasswordIsRejectedWith401() {
        // When / Then
        Callers.as(Callers.VIEWER, "not-the-password").when().get(DELIVERIES).then()
                .statusCode(401);
    }

    @Test
    void aViewerAndAnOperatorReadTheDeliveryLog() {
        // When / Then
        Callers.viewer().when().get(DELIVERIES).then().statusCode(200);
        Callers.operator().when().get(DELIVERIES).then().statusCode(200);
    }

    @Test
    void aViewerMayNotAcknowledgeSoTheIncidentStaysUnacknowledged() {
        // Given
        String incidentId = criticalIncidentTakenIn();

        // When
        Callers.viewer().when().post(acknowledgePath(incidentId)).then().statusCode(403);

        // Then
        assertThat(acknowledgements(incidentId)).isZero();
    }

    @Test
    void theOncallUserOfExistingDeploymentsAcknowledgesAsAnOperator() {
        // Given
        String incidentId = criticalIncidentTakenIn();

        // When
        oncall().when().post(acknowledgePath(incidentId)).then().statusCode(200)
                .body("acknowledgedBy", equalTo("oncall"));

        // Then
        assertThat(acknowledgements(incidentId)).isEqualTo(1);
    }

    @Test
    void aUserWithNeitherRoleIsForbiddenBoth() {
        // When / Then
        Callers.withoutRole().when().get(DELIVERIES).then().statusCode(403);
        Callers.withoutRole().when().post(acknowledgePath(TestEvents.incidentId())).then().statusCode(403);
    }

    @Test
    void healthPrometheusAndTheApiDescriptionNeedNoCredentials() {
        // When / Then
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString(DELIVERIES));
    }

    /**
     * The user kept for existing deployments, an operator; its test password is set in application.properties
     * ({@code %test}) in place of DR_NOTIFIER_ONCALL_PASSWORD.
     */
    private static RequestSpecification oncall() {
        return Callers.as("oncall", "test-oncall-password");
    }
}
