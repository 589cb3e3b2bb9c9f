package org.efp.dr.restore.rest;

import static io.restassured.RestAssured.given;
import static org.efp.dr.restore.fixture.OidcTokensProfile.AUDIENCE;
import static org.efp.dr.testkit.OidcTestKeys.ISSUER;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.efp.dr.restore.fixture.DrillEvents;
import org.efp.dr.restore.fixture.OidcTokensProfile;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.OidcTestKeys;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens beside Basic users: roles from the token's claims, the token's user as a drill's requester. Its own
 * profile restarts Quarkus (with its own test infrastructure), so the default class orderer runs it apart from the
 * module's other classes.
 */
@QuarkusTest
@TestProfile(OidcTokensProfile.class)
@WithTestResource(DrTestResources.class)
class BearerTokenAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DRILLS = "/drills";
    /** A drill of a database this profile's infrastructure has no backup of: it ends quickly, touching nothing. */
    private static final Map<String, String> DRILL = Map.of("scenario", "database_recovery", "target", "timeseries");

    private static JwtClaimsBuilder tokenFor(String user) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("id-" + user).preferredUserName(user);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token);
    }

    @Test
    void operatorTokenAsksForADrillAndItsHistoryNamesTheTokensUser() {
        // Given
        String operator = tokenFor("oscar").groups("operator").sign();

        // When
        String drillId = bearer(operator).contentType(ContentType.JSON).body(DRILL).when().post(DRILLS).then()
                .statusCode(202).extract().path("drillId");

        // Then
        DrillEvents.awaitCompleted(drillId, TIMEOUT);
        bearer(operator).when().get(DRILLS + "/" + drillId).then().statusCode(200)
                .body("requestedBy", equalTo("oscar"));
    }

    @Test
    void viewerTokenWithKeycloakRealmRolesReadsButMayNotAskForADrill() {
        // Given
        String viewer = tokenFor("vera").claim("realm_access", Map.of("roles", List.of("viewer"))).sign();

        // When / Then
        bearer(viewer).when().get(DRILLS).then().statusCode(200);
        bearer(viewer).contentType(ContentType.JSON).body(DRILL).when().post(DRILLS).then().statusCode(403);
    }

    @Test
    void tokenSignedByAnotherKeyIsRejectedWith401() {
        // Given
        String forged = tokenFor("oscar").groups("operator").sign(OidcTestKeys.rsaKeyPair().getPrivate());

        // When / Then
        bearer(forged).contentType(ContentType.JSON).body(DRILL).when().post(DRILLS).then().statusCode(401);
    }

    @Test
    void tokenNamingNoCallerIsRejectedWith401() {
        // Given
        String anonymous = Jwt.issuer(ISSUER).audience(AUDIENCE).groups("operator").sign();

        // When / Then
        bearer(anonymous).contentType(ContentType.JSON).body(DRILL).when().post(DRILLS).then().statusCode(401);
    }

    @Test
    void basicUsersKeepWorkingBesideTokens() {
        // When / Then
        Callers.viewer().when().get(DRILLS).then().statusCode(200);
        given().when().get(DRILLS).then().statusCode(401);
    }
}
