package org.efp.dr.backup;

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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"kind\":\"FULL\"}                                   | target must not be blank",
            "{\"target\":\"energy_forecast\"}                      | kind must not be blank",
            "{\"target\":\"energy_forecast\",\"kind\":\"HUGE\"}    | kind must be one of",
            "{\"target\":[\"energy_forecast\"],\"kind\":\"FULL\"}  | target must be a string",
            "{\"target\":\"energy_forecast\",\"kind\":            | not valid JSON",
            "``                                                    | a JSON body is required with target, kind, reason" })
    void aBadBackupRequestIsA400ProblemNamingTheField(String body, String expected) {
        ApiProbe.assertRefused(Callers.operator(), "POST", "/backups", body, expected);
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblems() {
        ApiProbe.assertFrameworkRefusalsAreProblems(Callers.operator(), "/backups", true);
    }

    @Test
    void theApiDocumentShowsSecurityBodiesAndRefusals() {
        ApiProbe.assertDocumented("POST", "/backups", true, "target", "kind", "reason");
        ApiProbe.assertDocumented("GET", "/backups/{id}", true);
    }
}
