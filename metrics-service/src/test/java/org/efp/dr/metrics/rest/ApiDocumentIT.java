package org.efp.dr.metrics.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.testkit.ApiProbe;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad drill result is a 400 problem naming the field; the API document says how to call and what a refusal is. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class ApiDocumentIT {

    private static final String DRILL = "\"drillId\":\"live-1\",\"scenario\":\"database_failure\",\"success\":true,"
            + "\"startedAt\":\"2026-03-01T10:00:00Z\"";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                                            | drillId must not be blank",
            "`{" + DRILL + "}`                                             | completedAt must not be null",
            "`{" + DRILL + ",\"completedAt\":\"later\"}`                   | completedAt must be a timestamp",
            "`{" + DRILL + ",\"completedAt\":\"2026-03-01T10:01:00Z\",\"measuredRtoSeconds\":-5}` "
                    + "| measuredRtoSeconds must be greater than or equal to 0",
            "`{" + DRILL + ",\"completedAt\":\"2026-03-01T10:01:00Z\",\"capacity\":[{\"maxDatabaseBytes\":1}]}` "
                    + "| capacity[0].component must not be blank",
            "`{" + DRILL + ",\"completedAt\":\"2026-03-01T10:01:00Z\",\"success\":\"yes\"}` "
                    + "| success must be true or false",
            "``                                                            | a JSON body is required with drillId" })
    void aBadDrillResultIsA400ProblemNamingTheField(String body, String expected) {
        ApiProbe.assertRefused(Callers.operator(), "POST", "/drills", body, expected);
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblems() {
        ApiProbe.assertFrameworkRefusalsAreProblems(Callers.operator(), "/drills", true);
    }

    @Test
    void theApiDocumentShowsSecurityBodiesAndRefusals() {
        ApiProbe.assertDocumented("POST", "/drills", true, "drillId", "scenario", "success", "startedAt",
                "completedAt", "capacity");
        ApiProbe.assertDocumented("GET", "/drills/{drillId}", true);
    }
}
