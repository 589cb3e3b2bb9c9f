package org.efp.dr.restore.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.testkit.ApiProbe;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad request is a 400 problem naming the field; the API document says how to call and what a refusal is. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class ApiDocumentIT {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/restores | {\"action\":\"EXPLODE\"}                           | action must be one of",
            "/restores | {\"pointInTime\":\"2999-01-01T00:00:00Z\"}          | pointInTime must be",
            "/restores | {\"pointInTime\":\"yesterday\"}                     | pointInTime must be a timestamp",
            "/restores | {\"parameters\":[1]}                                | parameters must be an object",
            "/restores | {\"target\":\"energy_forecast\",                    | not valid JSON",
            "/restores | ``                                                  | a JSON body is required with incidentId",
            "/drills   | {\"scenario\":\"meteor\"}                           | scenario must be one of",
            "/drills   | {\"scenario\":\"database_recovery\",\"mode\":[1]}   | mode must be a string",
            "/drills   | ``                                                  | a JSON body is required with scenario" })
    void aBadRequestIsA400ProblemNamingTheField(String path, String body, String expected) {
        ApiProbe.assertRefused(Callers.operator(), "POST", path, body, expected);
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblems() {
        ApiProbe.assertFrameworkRefusalsAreProblems(Callers.operator(), "/restores", true);
    }

    @Test
    void theApiDocumentShowsSecurityBodiesAndRefusals() {
        ApiProbe.assertDocumented("POST", "/restores", true, "incidentId", "action", "target", "backupId",
                "pointInTime", "parameters");
        ApiProbe.assertDocumented("POST", "/drills", true, "scenario", "target", "mode");
        ApiProbe.assertDocumented("GET", "/restores/{jobId}", true);
    }
}
