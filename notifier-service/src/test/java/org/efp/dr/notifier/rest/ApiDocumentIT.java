package org.efp.dr.notifier.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.testkit.ApiProbe;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/** Refusals of the framework are problems too; the API document says how to call and what a refusal is. */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class ApiDocumentIT {

    private static final String ACKNOWLEDGE = "/api/incidents/{incidentId}/acknowledge";

    @Test
    void anUnknownPathAndAWrongMethodAreProblems() {
        ApiProbe.assertFrameworkRefusalsAreProblems(Callers.operator(), "/api/incidents/inc-1/acknowledge", false);
    }

    @Test
    void anIncidentIdThatIsTooLongIsA400Problem() {
        ApiProbe.assertProblem(Callers.operator().when().post(ACKNOWLEDGE, "x".repeat(201)), 400,
                "incidentId must be 1 to 200 characters");
    }

    @Test
    void theApiDocumentShowsSecurityAndRefusals() {
        ApiProbe.assertDocumented("POST", ACKNOWLEDGE, true);
    }
}
