package org.efp.dr.notifier.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.notifier.support.OidcTokensProfile.AUDIENCE;
import static org.efp.dr.testkit.OidcTestKeys.ISSUER;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.OidcTokensProfile;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.OidcTestKeys;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens beside Basic users: roles from the token's claims, the token's user in the acknowledgement. Its own
 * profile restarts Quarkus (with its own test infrastructure), so the default class orderer runs it after the
 * module's other classes.
 */
@QuarkusTest
@TestProfile(OidcTokensProfile.class)
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class BearerTokenAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DELIVERIES = "/api/deliveries";

    private static JwtClaimsBuilder tokenFor(String user) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("id-" + user).preferredUserName(user);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token);
    }

    private static String acknowledgePath(String incidentId) {
        return "/api/incidents/" + incidentId + "/acknowledge";
    }

    @Test
    void operatorTokenAcknowledgesAndTheAcknowledgementNamesTheTokensUser() {
        // Given
        String incidentId = TestEvents.incidentId();
        CloudEvent event = TestEvents.send(TestEvents.outage(incidentId, "database", Severity.CRITICAL));
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(event.id()));
        String operator = tokenFor("oscar").groups("operator").sign();

        // When / Then
        bearer(operator).when().post(acknowledgePath(incidentId)).then().statusCode(200)
                .body("acknowledgedBy", equalTo("oscar"));
    }

    @Test
    void viewerTokenWithKeycloakRealmRolesReadsButMayNotAcknowledge() {
        // Given
        String viewer = tokenFor("vera").claim("realm_access", Map.of("roles", List.of("viewer"))).sign();

        // When / Then
        bearer(viewer).when().get(DELIVERIES).then().statusCode(200);
        bearer(viewer).when().post(acknowledgePath(TestEvents.incidentId())).then().statusCode(403);
    }

    @Test
    void expiredTokenIsRejectedWith401() {
        // Given
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String expired = tokenFor("vera").groups("viewer").issuedAt(hourAgo).expiresAt(hourAgo.plusSeconds(300))
                .sign();

        // When / Then
        bearer(expired).when().get(DELIVERIES).then().statusCode(401);
    }

    @Test
    void tokenSignedByAnotherKeyIsRejectedWith401() {
        // Given
        String forged = tokenFor("oscar").groups("operator").sign(OidcTestKeys.rsaKeyPair().getPrivate());

        // When / Then
        bearer(forged).when().post(acknowledgePath(TestEvents.incidentId())).then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudienceIsRejectedWith401() {
        // Given
        String elsewhere = tokenFor("vera").groups("viewer").audience("failover-service").sign();

        // When / Then
        bearer(elsewhere).when().get(DELIVERIES).then().statusCode(401);
    }

    @Test
    void tokenNamingNoCallerIsRejectedWith401() {
        // Given
        String anonymous = Jwt.issuer(ISSUER).audience(AUDIENCE).groups("operator").sign();

        // When / Then
        bearer(anonymous).when().post(acknowledgePath(TestEvents.incidentId())).then().statusCode(401);
    }

    @Test
    void basicUsersKeepWorkingBesideTokens() {
        // When / Then
        Callers.viewer().when().get(DELIVERIES).then().statusCode(200);
        given().when().get(DELIVERIES).then().statusCode(401);
    }
}
