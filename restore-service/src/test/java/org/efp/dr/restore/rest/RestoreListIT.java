package org.efp.dr.restore.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/** Restores an operator asks for outside any incident, and the list of all restores page by page. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestoreListIT {

    private static final Map<String, Object> MISSING_BACKUP = Map.of("target", "energy_forecast", "backupId",
            "no-such-backup");

    private static JsonPath queue() {
        return Callers.operator().contentType(ContentType.JSON).body(MISSING_BACKUP).when().post("/restores")
                .then().statusCode(202).body("incidentId", startsWith("op-")).extract().jsonPath();
    }

    @Test
    void restoresWithoutAnIncidentGetIdsOfTheirOwnAndAreListedNewestFirstPageByPage() {
        // Given
        JsonPath first = queue();
        JsonPath second = queue();

        // When
        List<String> page1 = Callers.viewer().queryParam("limit", 1).when().get("/restores")
                .then().statusCode(200).extract().jsonPath().getList("jobId");
        List<String> page2 = Callers.viewer().queryParam("limit", 1).queryParam("offset", 1).when().get("/restores")
                .then().statusCode(200).extract().jsonPath().getList("jobId");

        // Then: two restores, two incidents of their own, the newest on the first page
        assertThat(first.getString("incidentId")).isNotEqualTo(second.getString("incidentId"));
        assertThat(page1).containsExactly(second.getString("jobId"));
        assertThat(page2).containsExactly(first.getString("jobId"));
        Callers.viewer().when().get("/restores/incident/" + second.getString("incidentId")).then().statusCode(200)
                .body("jobId", equalTo(List.of(second.getString("jobId"))));
    }

    @Test
    void badPagingIsRefusedNamingTheParameter() {
        // When / Then
        for (Map.Entry<String, String> bad : List.of(Map.entry("limit", "0"), Map.entry("limit", "many"),
                Map.entry("limit", "501"), Map.entry("offset", "-1"))) {
            Callers.viewer().queryParam(bad.getKey(), bad.getValue()).when().get("/restores").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", startsWith(bad.getKey() + " must be"), "detail", containsString(bad.getValue()));
        }
    }

    @Test
    void viewersMayListButNotQueueARestore() {
        // When / Then
        Callers.viewer().contentType(ContentType.JSON).body(MISSING_BACKUP).when().post("/restores")
                .then().statusCode(403);
        Callers.withoutRole().when().get("/restores").then().statusCode(403);
    }
}
