package org.efp.dr.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.efp.dr.metrics.support.OidcTokensProfile.AUDIENCE;
import static org.efp.dr.testkit.OidcTestKeys.ISSUER;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.efp.dr.metrics.support.OidcTokensProfile;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.OidcTestKeys;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens beside Basic users: roles from the token's claims. Its own profile restarts Quarkus (with its own
 * test infrastructure), so the default class orderer runs it after the module's other classes.
 */
@QuarkusTest
@TestProfile(OidcTokensProfile.class)
@WithTestResource(DrTestResources.class)
class BearerTokenAuthIT {

    private static final String INCIDENTS = "/incidents";

    private static JwtClaimsBuilder tokenFor(String user) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("id-" + user).preferredUserName(user);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token);
    }

    @Test
    void viewerAndOperatorTokensRead() {
        // Given
        String viewer = tokenFor("vera").groups("viewer").sign();
        String operator = tokenFor("oscar").claim("realm_access", Map.of("roles", List.of("operator"))).sign();

        // When / Then
        bearer(viewer).when().get(INCIDENTS).then().statusCode(200);
        bearer(operator).when().get("/reports/recovery").then().statusCode(200);
    }

    @Test
    void tokenWithNeitherRoleIsForbidden() {
        // Given
        String other = tokenFor("otto").groups("alertmanager").sign();

        // When / Then
        bearer(other).when().get(INCIDENTS).then().statusCode(403);
    }

    @Test
    void expiredTokenIsRejectedWith401() {
        // Given
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String expired = tokenFor("vera").groups("viewer").issuedAt(hourAgo).expiresAt(hourAgo.plusSeconds(300))
                .sign();

        // When / Then
        bearer(expired).when().get(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenSignedByAnotherKeyIsRejectedWith401() {
        // Given
        String forged = tokenFor("vera").groups("viewer").sign(OidcTestKeys.rsaKeyPair().getPrivate());

        // When / Then
        bearer(forged).when().get(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudienceIsRejectedWith401() {
        // Given
        String elsewhere = tokenFor("vera").groups("viewer").audience("failover-service").sign();

        // When / Then
        bearer(elsewhere).when().get(INCIDENTS).then().statusCode(401);
    }

    @Test
    void tokenNamingNoCallerIsRejectedWith401() {
        // Given
        String anonymous = Jwt.issuer(ISSUER).audience(AUDIENCE).groups("viewer").sign();

        // When / Then
        bearer(anonymous).when().get(INCIDENTS).then().statusCode(401);
    }

    @Test
    void basicUsersKeepWorkingBesideTokens() {
        // When / Then
        Callers.viewer().when().get(INCIDENTS).then().statusCode(200);
        given().when().get(INCIDENTS).then().statusCode(401);
    }
}
