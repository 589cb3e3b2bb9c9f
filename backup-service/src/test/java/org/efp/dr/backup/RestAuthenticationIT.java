package org.efp.dr.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

/**
 * Listing and inspecting backups and the WAL archive's status need a viewer or an operator; triggering, verifying
 * and rebuilding the catalog an operator, whose name the catalog records. Health, Prometheus and the API
 * description stay open.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestAuthenticationIT {

    private static final String BACKUPS = "/backups";
    private static final String WAL = "/wal";
    private static final Map<String, String> CONFIGS_BACKUP = Map.of("target", "configs", "kind", "CONFIGS",
            "reason", "auth test");

    private static List<String> requestersOfConfigsBackups() {
        return Callers.operator().queryParam("target", "configs").queryParam("limit", 1000)
                .when().get(BACKUPS).then().statusCode(200).extract().jsonPath().getList("requestedBy");
    }

    @Test
    void readingAndTriggeringWithoutCredentialsAreRejectedWith401() {
        // When / Then
        given().when().get(BACKUPS).then().statusCode(401);
        given().when().get(WAL).then().statusCode(401);
        given().contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then().statusCode(401);
        given().when().post("/backups/catalog/rebuild").then().statusCode(401);
    }

    @Test
    void aWrongPasswordIsRejectedWith401() {
        // When / Then
        Callers.as(Callers.VIEWER, "not-the-password").when().get(BACKUPS).then()
                .statusCode(401);
    }

    @Test
    void aViewerAndAnOperatorReadTheCatalogAndTheWalArchive() {
        // When / Then
        Callers.viewer().when().get(BACKUPS).then().statusCode(200);
        Callers.viewer().when().get(WAL).then().statusCode(200);
        Callers.operator().when().get(BACKUPS).then().statusCode(200);
        Callers.operator().when().get(WAL).then().statusCode(200);
    }

    @Test
    void aViewerMayNotTriggerABackupSoNoneIsQueued() {
        // When
        Callers.viewer().contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(403);

        // Then
        assertThat(requestersOfConfigsBackups()).doesNotContain(Callers.VIEWER);
    }

    @Test
    void aViewerMayNotVerifyOrRebuildTheCatalog() {
        // When / Then
        Callers.viewer().when().post("/backups/any-backup/verify").then().statusCode(403);
        Callers.viewer().when().post("/backups/catalog/rebuild").then().statusCode(403);
    }

    @Test
    void anOperatorTriggersABackupAndTheCatalogNamesTheOperatorNotARequesterInTheBody() throws Exception {
        // Given
        Path configs = Files.createDirectories(Path.of("target/test-artifacts/configs"));
        Files.writeString(configs.resolve("backup-config.yaml"), "schedules: []\n");
        Map<String, String> claimingSomeoneElse = Map.of("target", "configs", "kind", "CONFIGS",
                "requestedBy", "someone-else");

        // When
        String id = Callers.operator().contentType(ContentType.JSON).body(claimingSomeoneElse).when().post(BACKUPS)
                .then().statusCode(202).body("requestedBy", equalTo(Callers.OPERATOR))
                .extract().path("backupId");

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getString("backup.requestedBy")).isEqualTo(Callers.OPERATOR);
    }

    @Test
    void aUserWithNeitherRoleIsForbiddenBoth() {
        // When / Then
        Callers.withoutRole().when().get(BACKUPS).then().statusCode(403);
        Callers.withoutRole().when().get(WAL).then().statusCode(403);
        Callers.withoutRole().contentType(ContentType.JSON).body(CONFIGS_BACKUP).when().post(BACKUPS).then()
                .statusCode(403);
    }

    @Test
    void healthPrometheusAndTheApiDescriptionNeedNoCredentials() {
        // When / Then
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString(BACKUPS))
                .body(containsString(WAL));
    }
}
