package org.efp.dr.failover.detection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class AlertmanagerWebhookIT {

    private static final String WEBHOOK = "/api/v1/alerts/alertmanager";

    private static String payload(String file, String component, String fingerprint) {
        return TestEvents.resource("/alertmanager/" + file).replace("COMPONENT", component)
                .replace("FINGERPRINT", fingerprint);
    }

    private static String post(String body) {
        return Callers.alertmanager().contentType(ContentType.JSON)
                .body(body).when().post(WEBHOOK).then().statusCode(200).extract().path("alerts[0].incidentId");
    }

    @Test
    void firingAlertDeclaresOneOutageAndRepeatsAreTheSameIncident() {
        // Given
        String fingerprint = UUID.randomUUID().toString().substring(0, 16);
        String firing = payload("firing.json", "reporting", fingerprint);

        // When
        String first = post(firing);
        String repeat = post(firing);

        // Then
        assertThat(repeat).isEqualTo(first);
        OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.incidentId().equals(first), Duration.ofSeconds(20));
        assertThat(outage.component()).isEqualTo("reporting");
        assertThat(outage.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(outage.fingerprint()).isEqualTo("alertmanager:" + fingerprint);
        assertThat(outage.impact()).isEqualTo("energy_forecast primary is down");
        assertThat(outage.outageStartedAt()).isEqualTo("2026-03-01T10:00:00Z");
        List<OutageDetected> all = TestEvents.all(Topics.INCIDENTS, first, OutageDetected.class, Duration.ofSeconds(2));
        assertThat(all).hasSize(1);
    }

    @Test
    void resolvedAlertClosesTheIncidentAndALaterFiringOpensANewOne() {
        // Given
        String fingerprint = UUID.randomUUID().toString().substring(0, 16);
        String first = post(payload("firing.json", "reporting", fingerprint));

        // When
        post(payload("resolved.json", "reporting", fingerprint));

        // Then
        Callers.viewer().when().get("/api/v1/incidents/" + first)
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED"));
        assertThat(post(payload("firing.json", "reporting", fingerprint))).isNotEqualTo(first);
    }

    @Test
    void webhookWithoutCredentialsIsRejectedWith401() {
        given().contentType(ContentType.JSON).body(payload("firing.json", "reporting", "x"))
                .when().post(WEBHOOK).then().statusCode(401);
    }

    @Test
    void viewerMayReadButNotTrigger() {
        Callers.viewer().contentType(ContentType.JSON)
                .body("{\"component\":\"reporting\",\"impact\":\"x\"}").when().post("/api/v1/incidents")
                .then().statusCode(403);
        Callers.viewer().when().get("/api/v1/incidents")
                .then().statusCode(200);
    }

    @Test
    void operatorDeclarationIsAuditedWithWhoAndWhat() {
        // When
        String incidentId = Callers.operator()
                .contentType(ContentType.JSON)
                .body("{\"component\":\"reporting\",\"severity\":\"LOW\",\"impact\":\"reports stale\"}")
                .when().post("/api/v1/incidents").then().statusCode(201).extract().path("incident.incidentId");

        // Then
        Callers.viewer().when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("find { it.target == '" + incidentId + "' }.actor", equalTo(Callers.OPERATOR))
                .body("find { it.target == '" + incidentId + "' }.action", equalTo("declare-incident"));
    }

    @Test
    void oddAlertInABatchIsRefusedAloneAndTheOthersBecomeIncidents() {
        // Given: a notification of three alerts, the middle one with a component label that is no component
        String good = payload("firing.json", "reporting", "FP1");
        String first = good.substring(good.indexOf('[') + 1, good.lastIndexOf(']')).strip();
        String one = UUID.randomUUID().toString().substring(0, 12);
        String two = UUID.randomUUID().toString().substring(0, 12);
        String odd = first.replace("FP1", "odd-" + one).replace("\"reporting\"", "\"../../etc\"");
        String batch = good.replace(first, first.replace("FP1", one) + ",\n" + odd + ",\n"
                + first.replace("FP1", two).replace("\"reporting\"", "\"dashboard\""));

        // When
        io.restassured.response.Response answer = Callers.alertmanager()
                .contentType(ContentType.JSON).body(batch).when().post(WEBHOOK);

        // Then: accepted (Alertmanager would not send it again), the good ones opened, the odd one reported
        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> outcomes = answer.jsonPath().getList("alerts.outcome");
        assertThat(outcomes).containsExactly("opened", "refused", "opened");
        assertThat(answer.jsonPath().getString("alerts[1].reason")).contains("lower-case letters");
        String reporting = answer.jsonPath().getString("alerts[0].incidentId");
        String dashboard = answer.jsonPath().getString("alerts[2].incidentId");
        assertThat(TestEvents.await(Topics.INCIDENTS, OutageDetected.class, o -> o.incidentId().equals(reporting),
                Duration.ofSeconds(20)).component()).isEqualTo("reporting");
        assertThat(TestEvents.await(Topics.INCIDENTS, OutageDetected.class, o -> o.incidentId().equals(dashboard),
                Duration.ofSeconds(20)).component()).isEqualTo("dashboard");
    }

    @Test
    void malformedPayloadIsA400WithTheReason() {
        Callers.alertmanager().contentType(ContentType.JSON)
                .body("{\"version\":\"4\",\"alerts\":[{\"status\":\"burning\",\"fingerprint\":\"f\","
                        + "\"startsAt\":\"2026-03-01T10:00:00Z\"}]}")
                .when().post(WEBHOOK).then().statusCode(400).body("error", containsString("firing or resolved"));
    }
}
