package org.efp.dr.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.OidcTokensProfile.AUDIENCE;
import static org.efp.dr.testkit.OidcTestKeys.ISSUER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.OidcTestKeys;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens beside Basic users: roles from the token's claims, the token's user as a triggered backup's
 * requester. Its own profile restarts Quarkus (with its own test infrastructure), so the default class orderer runs
 * it apart from the module's other classes.
 */
@QuarkusTest
@TestProfile(OidcTokensProfile.class)
@WithTestResource(DrTestResources.class)
class BearerTokenAuthIT {

    private static final String BACKUPS = "/backups";
    private static final Map<String, String> CONFIGS_BACKUP = Map.of("target", "configs", "kind", "CONFIGS");

    private static JwtClaimsBuilder tokenFor(String user) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("id-" + user).preferredUserName(user);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token);
    }

    @Test
    void operatorTokenTriggersABackupAndTheCatalogNamesTheTokensUser() throws Exception {
        // Given
        Path configs = Files.createDirectories(Path.of("target/test-artifacts/configs"));
        Files.writeString(configs.resolve("backup-config.yaml"), "schedules: []\n");
        String operator = tokenFor("oscar").groups("operator").sign();

        // When
        String id = bearer(operator).contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(202).extract().path("backupId");

        // Then
        assertThat(awaitFinished(id).getString("backup.requestedBy")).isEqualTo("oscar");
    }

    @Test
    void viewerTokenWithKeycloakRealmRolesReadsButMayNotTrigger() {
        // Given
        String viewer = tokenFor("vera").claim("realm_access", Map.of("roles", List.of("viewer"))).sign();

        // When / Then
        bearer(viewer).when().get(BACKUPS).then().statusCode(200);
        bearer(viewer).contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(403);
    }

    @Test
    void tokenSignedByAnotherKeyIsRejectedWith401() {
        // Given
        String forged = tokenFor("oscar").groups("operator").sign(OidcTestKeys.rsaKeyPair().getPrivate());

        // When / Then
        bearer(forged).contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(401);
    }

    @Test
    void tokenNamingNoCallerIsRejectedWith401() {
        // Given
        String anonymous = Jwt.issuer(ISSUER).audience(AUDIENCE).groups("operator").sign();

        // When / Then
        bearer(anonymous).contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(401);
    }

    @Test
    void basicUsersKeepWorkingBesideTokens() {
        // When / Then
        Callers.viewer().when().get(BACKUPS).then().statusCode(200);
        given().when().get(BACKUPS).then().statusCode(401);
    }
}
