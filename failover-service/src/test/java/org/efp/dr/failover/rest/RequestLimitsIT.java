package org.efp.dr.failover.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class RequestLimitsIT {

    @Test
    void anOversizedAlertmanagerBodyIsRefusedBeforeItIsRead() throws Exception {
        // Given
        String fiveMegabytes = "{\"alerts\":[{\"labels\":{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}}]}";

        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/v1/alerts/alertmanager"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("am:test-alertmanager-pw".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(fiveMegabytes)).build();

        // When
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"action\":\"SCALE_DOWN\",\"component\":\"reporting\",\"target\":\"../../namespaces/kube-system\"}",
            "{\"action\":\"SCALE_DOWN\",\"component\":\"reporting\",\"target\":\"reporting\","
                    + "\"parameters\":{\"namespace\":\"kube system\"}}",
            "{\"action\":\"SCALE_UP\",\"component\":\"reporting\",\"target\":\"reporting\","
                    + "\"parameters\":{\"replicas\":\"100000\"}}",
            "{\"action\":\"RESTART\",\"component\":\"../reporting\",\"target\":\"reporting\"}",
            "{\"action\":\"RESTART\",\"incidentId\":\"-rf\",\"component\":\"reporting\",\"target\":\"x\"}" })
    void recoveryRequestWithAHostileNameOrCountIsA400AndNoJob(String body) {
        // When / Then
        String error = Callers.operator().contentType("application/json")
                .body(body).when().post("/api/v1/recoveries").then().statusCode(400).extract().path("error");
        assertThat(error).matches(".*(target|namespace|replicas|component|incidentId).*");
    }

    @Test
    void theSwaggerUiPageIsOffUnlessAskedForWhileTheApiDocumentStaysOpen() {
        // When / Then
        given().when().get("/q/swagger-ui/").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
