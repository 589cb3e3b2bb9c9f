package org.efp.dr.failover.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.testkit.ApiProbe;
import org.efp.dr.testkit.Callers;
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
        RequestSpecification caller = path.equals(WEBHOOK) ? Callers.alertmanager() : Callers.operator();

        // When / Then
        ApiProbe.assertRefused(caller, "POST", path, body, expected);
    }

    @Test
    void anUnknownActionListsTheAllowedOnes() {
        // When
        String detail = Callers.operator().contentType("application/json")
                .body("{\"action\":\"EXPLODE\"}").when().post("/api/v1/recoveries")
                .then().statusCode(400).extract().path("detail");

        // Then
        assertThat(detail).contains("DATABASE_FAILOVER", "RESTART", "was \"EXPLODE\"");
    }

    @Test
    void theApiDocumentShowsEveryRequestBodySecurityAndRefusal() {
        ApiProbe.assertDocumented("POST", "/api/v1/incidents", true, "component", "severity", "impact",
                "outageStartedAt");
        ApiProbe.assertDocumented("POST", "/api/v1/recoveries", true, "action", "component", "target", "dryRun",
                "parameters");
        ApiProbe.assertDocumented("POST", "/api/v1/database/nodes", true, "url", "role");
        ApiProbe.assertDocumented("POST", WEBHOOK, true, "alerts", "groupKey");
        ApiProbe.assertDocumented("POST", "/api/v1/incidents/{id}/resolve", true);
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblems() {
        ApiProbe.assertFrameworkRefusalsAreProblems(Callers.operator(),
                "/api/v1/recoveries", true);
    }
}
