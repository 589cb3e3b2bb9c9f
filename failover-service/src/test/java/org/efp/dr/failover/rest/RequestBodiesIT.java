package org.efp.dr.failover.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.efp.dr.failover.support.FailoverTestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed request bodies: a bad one is a 400 problem naming the field in plain words; the API document shows them. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class RequestBodiesIT {

    private static final String WEBHOOK = "/api/v1/alerts/alertmanager";

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/api/v1/recoveries       | {\"action\":\"EXPLODE\"}                         | action must be one of",
            "/api/v1/recoveries       | {\"component\":\"api\"}                          | action is required, one of",
            "/api/v1/recoveries       | {\"action\":\"RESTART\",\"dryRun\":\"maybe\"}    | dryRun must be true or false",
            "/api/v1/recoveries       | {\"action\":\"RESTART\",\"parameters\":[1]}      | parameters must be an object",
            "/api/v1/recoveries       | {\"action\":                                     | not valid JSON",
            "/api/v1/recoveries       | ``                                               | a JSON body is required with",
            "/api/v1/incidents        | {\"component\":\"api\",\"severity\":\"APOCALYPSE\",\"impact\":\"x\"} "
                    + "| severity must be one of",
            "/api/v1/incidents        | {\"component\":{\"a\":1},\"impact\":\"x\"}       | component must be a string",
            "/api/v1/incidents        | {\"component\":\"api\"}                          | impact is required",
            "/api/v1/incidents        | {\"component\":\"api\",\"impact\":\"x\",\"outageStartedAt\":\"yesterday\"} "
                    + "| outageStartedAt must be a timestamp",
            "/api/v1/incidents        | []                                               | the body must be a JSON object",
            "/api/v1/database/nodes   | {\"url\":\"http://db:5432/x\"}                   | url must be a jdbc:postgresql:// URL",
            "/api/v1/database/nodes   | {\"url\":\"jdbc:postgresql://db:5432/x\",\"role\":\"PRIMARY\"} "
                    + "| role must be STANDBY or FENCED",
            "/api/v1/database/nodes   | {\"url\":[\"jdbc:postgresql://db:5432/x\"]}      | url must be a string",
            "/api/v1/database/nodes   | ``                                               | a JSON body is required with url, role",
            "/api/v1/alerts/alertmanager | {\"alerts\":[]}                               | alerts must not be empty",
            "/api/v1/alerts/alertmanager | {\"alerts\":\"none\"}                         | alerts must be an array",
            "/api/v1/alerts/alertmanager | {\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f\","
                    + "\"startsAt\":\"soon\"}]}                                     | alerts[0].startsAt must be a timestamp",
            "/api/v1/alerts/alertmanager | not json                                      | not valid JSON" })
    void aBadBodyIsA400ProblemThatNamesTheFieldInPlainWords(String path, String body, String expected) {
        // Given
        String user = path.equals(WEBHOOK) ? "am" : "olivia";
        String password = path.equals(WEBHOOK) ? "test-alertmanager-pw" : "test-operator-pw";

        // When
        Response answer = given().auth().preemptive().basic(user, password).contentType("application/json")
                .body(body).when().post(path);

        // Then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        String detail = answer.jsonPath().getString("detail");
        assertThat(detail).contains(expected).doesNotContain("org.efp", "java.", "Cannot deserialize", "com.fasterxml");
        assertThat(answer.jsonPath().getString("error")).isEqualTo(detail);
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(400);
    }

    @Test
    void anUnknownActionListsTheAllowedOnes() {
        // When
        String detail = given().auth().preemptive().basic("olivia", "test-operator-pw").contentType("application/json")
                .body("{\"action\":\"EXPLODE\"}").when().post("/api/v1/recoveries")
                .then().statusCode(400).extract().path("detail");

        // Then
        assertThat(detail).contains("DATABASE_FAILOVER", "RESTART", "was \"EXPLODE\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiDocumentShowsEveryRequestBodySchema() {
        // When
        JsonPath document = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();

        // Then
        assertThat(requestProperties(document, "/api/v1/incidents")).containsKeys("component", "severity", "impact",
                "outageStartedAt");
        assertThat(requestProperties(document, "/api/v1/recoveries")).containsKeys("action", "component", "target",
                "dryRun", "parameters");
        assertThat(requestProperties(document, "/api/v1/database/nodes")).containsKeys("url", "role");
        assertThat(requestProperties(document, WEBHOOK)).containsKeys("alerts", "groupKey");
        assertThat((List<Object>) schema(document, "/api/v1/recoveries").get("required")).contains("action");
        assertThat(operation(document, "/api/v1/recoveries").get("summary")).isNotNull();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requestProperties(JsonPath document, String path) {
        return (Map<String, Object>) schema(document, path).get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(JsonPath document, String path) {
        Map<String, Object> requestBody = (Map<String, Object>) operation(document, path).get("requestBody");
        Map<String, Object> content = (Map<String, Object>) requestBody.get("content");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content.get("application/json"))
                .get("schema");
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ((String) ref).substring("#/components/schemas/".length());
        return (Map<String, Object>) document.getMap("components.schemas").get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operation(JsonPath document, String path) {
        Map<String, Object> item = (Map<String, Object>) document.getMap("paths").get(path);
        assertThat(item).as("path %s in the API document", path).isNotNull();
        return (Map<String, Object>) item.get("post");
    }
}
