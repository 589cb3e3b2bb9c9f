package org.efp.dr.failover.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

/** Incidents and recoveries are listed newest first, a page at a time; a bad page is a 400 naming the parameter. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class ListPagingIT {

    @Test
    void incidentsAreListedNewestFirstOnePageAtATime() {
        // Given
        List<String> declared = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            declared.add(Callers.operator().contentType("application/json")
                    .body("{\"component\":\"cache\",\"severity\":\"LOW\",\"impact\":\"paging " + i + "\"}")
                    .when().post("/api/v1/incidents").then().statusCode(201).extract().path("incident.incidentId"));
        }

        // When
        List<String> firstTwo = viewer().get("/api/v1/incidents?limit=2").then().statusCode(200).extract()
                .jsonPath().getList("incidentId");
        List<String> next = viewer().get("/api/v1/incidents?limit=1&offset=2").then().statusCode(200).extract()
                .jsonPath().getList("incidentId");

        // Then
        assertThat(firstTwo).containsExactly(declared.get(2), declared.get(1));
        assertThat(next).containsExactly(declared.get(0));
    }

    @Test
    void recoveriesAreListedNewestFirstOnePageAtATime() {
        // Given
        List<String> requested = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            requested.add(Callers.operator().contentType(
                    "application/json").body("{\"action\":\"RESTART\",\"target\":\"api-service\",\"dryRun\":true}")
                    .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId"));
        }

        // When
        List<String> newest = viewer().get("/api/v1/recoveries?limit=2").then().statusCode(200).extract()
                .jsonPath().getList("recoveryId");

        // Then
        assertThat(newest).containsExactly(requested.get(1), requested.get(0));
    }

    @Test
    void aBadPageIsA400ProblemNamingTheParameter() {
        for (String query : List.of("/api/v1/recoveries?limit=0", "/api/v1/recoveries?offset=-1",
                "/api/v1/incidents?limit=many", "/api/v1/incidents?limit=501")) {
            // When
            Response answer = viewer().get(query);

            // Then
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("detail")).as(query)
                    .containsAnyOf("limit must be a whole number", "offset must be a whole number");
        }
    }

    private static io.restassured.specification.RequestSpecification viewer() {
        return Callers.viewer().when();
    }
}
