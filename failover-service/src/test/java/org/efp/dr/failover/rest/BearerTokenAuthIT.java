package org.efp.dr.failover.rest;

import static io.restassured.RestAssured.given;
import static org.efp.dr.failover.support.OidcTokensProfile.AUDIENCE;
import static org.efp.dr.testkit.OidcTestKeys.ISSUER;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.OidcTokensProfile;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.OidcTestKeys;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Bearer tokens beside Basic users: roles from the token's claims, the token's user in the audit log. */
@QuarkusTest
@TestProfile(OidcTokensProfile.class)
@WithTestResource(FailoverTestResources.class)
// Its own profile restarts Quarkus once, so it runs last, after the classes that use the test kit directly (see
// FailoverTestResources).
@Order(Integer.MAX_VALUE)
class BearerTokenAuthIT {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DECLARATION = "{\"component\":\"reporting\",\"severity\":\"LOW\","
            + "\"impact\":\"reports stale\"}";

    private static JwtClaimsBuilder tokenFor(String user) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("id-" + user).preferredUserName(user);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void operatorTokenDeclaresAnIncidentAndTheAuditLogNamesTheTokensUser() {
        // Given
        String operator = tokenFor("oscar").groups("operator").sign();
        String viewer = tokenFor("vera").groups("viewer").sign();

        // When
        String incidentId = bearer(operator).body(DECLARATION).when().post(INCIDENTS)
                .then().statusCode(201).body("incident.source", equalTo("operator oscar"))
                .extract().path("incident.incidentId");

        // Then
        bearer(viewer).when().get("/api/v1/audit").then().statusCode(200)
                .body("find { it.target == '" + incidentId + "' }.actor", equalTo("oscar"))
                .body("find { it.target == '" + incidentId + "' }.action", equalTo("declare-incident"));
    }

    @Test
    void viewerTokenWithKeycloakRealmRolesMayReadButNotTrigger() {
        // Given
        String viewer = tokenFor("vera").claim("realm_access", Map.of("roles", List.of("viewer"))).sign();

        // When / Then
        bearer(viewer).body(DECLARATION).when().post(INCIDENTS).then().statusCode(403);
        bearer(viewer).when().get(INCIDENTS).then().statusCode(200);
    }

    @Test
    void expiredTokenIsRejectedWith401() {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String expired = tokenFor("oscar").groups("operator").issuedAt(hourAgo).expiresAt(hourAgo.plusSeconds(300))
                .sign();

        bearer(expired).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenSignedByAnotherKeyIsRejectedWith401() {
        String forged = tokenFor("oscar").groups("operator").sign(OidcTestKeys.rsaKeyPair().getPrivate());

        bearer(forged).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenFromAnotherIssuerIsRejectedWith401() {
        String foreign = tokenFor("oscar").groups("operator").issuer("https://idp.elsewhere.test").sign();

        bearer(foreign).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudienceIsRejectedWith401() {
        String elsewhere = tokenFor("oscar").groups("operator").audience("billing-service").sign();

        bearer(elsewhere).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenNamingNoCallerIsRejectedWith401() {
        String anonymous = Jwt.issuer(ISSUER).audience(AUDIENCE).groups("operator").sign();

        bearer(anonymous).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void requestWithoutCredentialsIsRejectedWith401() {
        given().contentType(ContentType.JSON).body(DECLARATION).when().post(INCIDENTS).then().statusCode(401);
    }

    @Test
    void basicUsersKeepWorkingBesideTokens() {
        // When
        String incidentId = Callers.operator()
                .contentType(ContentType.JSON).body(DECLARATION).when().post(INCIDENTS)
                .then().statusCode(201).extract().path("incident.incidentId");

        // Then
        Callers.viewer().when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("find { it.target == '" + incidentId + "' }.actor", equalTo(Callers.OPERATOR));
    }
}
