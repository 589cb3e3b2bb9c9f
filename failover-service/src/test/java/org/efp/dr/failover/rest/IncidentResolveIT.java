package org.efp.dr.failover.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

/** An operator closes an incident by hand: once, audited; a viewer cannot; an unknown one is not found. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class IncidentResolveIT {

    @Test
    void anOperatorResolvesAnOpenIncidentOnceAndTheAuditLogNamesThem() {
        // Given
        String id = Callers.operator().contentType("application/json")
                .body("{\"component\":\"cache\",\"severity\":\"LOW\",\"impact\":\"resolved by hand\"}")
                .when().post("/api/v1/incidents").then().statusCode(201).extract().path("incident.incidentId");
        Callers.viewer().when().post("/api/v1/incidents/" + id
                + "/resolve").then().statusCode(403);

        // When
        JsonPath first = Callers.operator().when()
                .post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200).extract().jsonPath();
        JsonPath again = Callers.operator().when()
                .post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200).extract().jsonPath();

        // Then
        assertThat(first.getString("incident.status")).isEqualTo("RESOLVED");
        assertThat(first.getString("incident.resolvedAt")).isNotNull();
        assertThat(again.getString("incident.resolvedAt")).as("resolving twice changes nothing")
                .isEqualTo(first.getString("incident.resolvedAt"));
        JsonPath audit = Callers.viewer().when().get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("findAll { it.action == 'resolve-incident' && it.target == '" + id
                + "' }.actor")).containsExactly(Callers.OPERATOR);
    }

    @Test
    void anUnknownIncidentIsNotFound() {
        Callers.operator().when()
                .post("/api/v1/incidents/incident-that-never-was/resolve").then().statusCode(404);
    }
}
