package org.efp.dr.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.DrillEvents;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.PhysicalFixture;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.restore.models.ModelSwitch;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class DrillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final BackupFixture backups = BackupFixture.create();
    private final PostgresServer primary = TestInfrastructure.shared().primary();

    @Inject
    DataSource dataSource;

    @Inject
    DrillScheduler scheduler;

    @Inject
    SeedConfig seed;

    @ConfigProperty(name = "dr.restore.work-dir")
    Path workDir;

    @ConfigProperty(name = "dr.restore.models-dir")
    Path modelsDir;

    @Test
    void databaseDrillRestoresTheLatestBackupIntoAScratchDatabaseMeasuresRtoAndRpoAndDropsIt() {
        // Given
        String source = SourceDatabase.uniqueName("ef_drill");
        SourceDatabase.create(primary, source, 3_000);
        BackupFixture.Backup backup = backups.fullBackup(source, "energy_forecast");
        String drillId = "drill-" + UUID.randomUUID();

        // When
        RecoveryEvents.send(new DrillRequested(drillId, "database_recovery", "full", "test", Instant.now()));

        // Then
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, TIMEOUT);
        assertThat(completed.success()).as(completed.error()).isTrue();
        assertThat(completed.type()).isEqualTo("full");
        assertThat(completed.rtoObjectiveSeconds()).isEqualTo(3600L);
        assertThat(completed.rpoObjectiveSeconds()).isEqualTo(60L);
        assertThat(completed.measuredRtoSeconds()).isNotNull().isLessThanOrEqualTo(completed.durationSeconds() + 1);
        assertThat(completed.measuredRpoSeconds()).isNotNull().isLessThanOrEqualTo(60L)
                .isGreaterThanOrEqualTo(Duration.between(backup.consistentAt(), completed.startedAt()).toSeconds());
        assertThat(primary.queryLong("postgres",
                "SELECT count(*) FROM pg_database WHERE datname LIKE 'drill\\_%'")).isZero();
        Callers.viewer().get("/drills/" + drillId).then().statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("restoredFrom", equalTo(backup.backupId())).body("success", equalTo(true));
    }

    @Test
    void physicalDatabaseDrillReplaysTheWalArchiveSoItsRpoIsSecondsAndTearsTheClusterDown() throws Exception {
        // Given: a base backup, then commits that only the WAL archive holds
        PhysicalFixture physical = new PhysicalFixture(backups);
        String source = SourceDatabase.uniqueName("ef_pdrill");
        primary.createDatabase(source);
        String first = physical.baseBackup("energy_forecast");
        primary.execute(source, "CREATE TABLE readings (at timestamptz); INSERT INTO readings VALUES (now())");
        physical.archiveWal("energy_forecast", first);

        // When
        String drillId = Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("scenario", "database_recovery", "mode", "physical")).post("/drills").then()
                .statusCode(202).extract().path("drillId");

        // Then
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, Duration.ofSeconds(120));
        assertThat(completed.success()).as(completed.error()).isTrue();
        assertThat(completed.measuredRpoSeconds()).as("seconds behind the last archived commit, not a day-old dump")
                .isNotNull().isLessThanOrEqualTo(60L);
        Callers.viewer().get("/drills/" + drillId).then().statusCode(200)
                .body("restoredFrom", startsWith("energy-forecast-base-")).body("success", equalTo(true));
        assertThat(workDir.resolve("clusters").resolve(drillId)).as("scratch cluster removed").doesNotExist();
    }

    @Test
    void drillWithAnUnknownModeIsRejectedWithAMessage() {
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("scenario", "database_recovery", "mode", "sideways")).post("/drills").then()
                .statusCode(400).body("error", containsString("physical"));
    }

    @Test
    void modelDrillVerifiesEveryFileInAScratchDirectoryAndLeavesTheServedModelsAlone() throws Exception {
        // Given
        Files.createDirectories(modelsDir);
        Optional<Path> servedBefore = ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT));
        String backupId = new ArchiveFixture(backups).modelsBackup(List.of(
                Entry.file("models/load-forecast/2.0.0/model.onnx", "weights for the drill"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"2.0.0\"}")));

        // When
        String drillId = Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("scenario", "model_recovery")).post("/drills").then().statusCode(202).extract()
                .path("drillId");

        // Then
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, TIMEOUT);
        assertThat(completed.success()).as(completed.error()).isTrue();
        assertThat(completed.type()).isEqualTo("partial");
        assertThat(completed.rtoObjectiveSeconds()).isEqualTo(1800L);
        assertThat(completed.rpoObjectiveSeconds()).isEqualTo(300L);
        assertThat(completed.measuredRtoSeconds()).isNotNull();
        assertThat(completed.measuredRpoSeconds()).isNotNull();
        assertThat(scratchDirectories()).isEmpty();
        assertThat(ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT))).isEqualTo(servedBefore);
        Callers.viewer().get("/drills").then().statusCode(200)
                .body("find { it.drillId == '" + drillId + "' }.restoredFrom", equalTo(backupId));
    }

    @Test
    void drillWithNoBackupToRestoreFailsWithTheReason() {
        // Given: nothing was ever backed up for the timeseries database in this run
        Map<String, String> body = Map.of("scenario", "database_recovery", "target", "timeseries");

        // When
        String drillId = Callers.operator().contentType(ContentType.JSON).body(body).post("/drills").then()
                .statusCode(202).extract().path("drillId");

        // Then
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, TIMEOUT);
        assertThat(completed.success()).isFalse();
        assertThat(completed.error()).contains("no complete backup");
        assertThat(completed.measuredRtoSeconds()).isNull();
        assertThat(completed.rtoObjectiveSeconds()).isEqualTo(3600L);
        Callers.viewer().get("/drills/" + drillId).then().statusCode(200).body("status", equalTo("FAILED"))
                .body("success", equalTo(false)).body("error", containsString("no complete backup"));
    }

    @Test
    void drillLeftRunningByACrashedWorkerEndsFailedWithItsScratchDatabaseDropped() throws Exception {
        // Given: what a worker killed mid-drill leaves behind
        String scratchDb = "drill_energy_forecast_" + UUID.randomUUID().toString().substring(0, 8);
        primary.createDatabase(scratchDb);
        String drillId = "drill-" + UUID.randomUUID();
        String request = DrillQueue.encode(new DrillSpec(drillId, "database_recovery", "full", "test",
                Instant.now(), null, null));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO restore_job (job_id, incident_id, kind, request, status, owner, heartbeat_at, "
                        + "attempts, steps_done, scratch, started_at) VALUES (?, ?, 'DRILL', ?, 'RUNNING', "
                        + "'crashed-worker', now() - interval '10 minutes', 1, 2, ?, now() - interval '11 minutes')")) {
            ps.setString(1, drillId);
            ps.setString(2, drillId);
            ps.setString(3, request);
            ps.setArray(4, c.createArrayOf("text", new String[] {"db:127.0.0.1:" + primary.port() + ":" + scratchDb}));
            ps.executeUpdate();
        }

        // When
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, TIMEOUT);

        // Then
        assertThat(completed.success()).isFalse();
        assertThat(completed.error()).contains("interrupted");
        assertThat(primary.queryLong("postgres",
                "SELECT count(*) FROM pg_database WHERE datname = '" + scratchDb + "'")).isZero();
        Callers.viewer().get("/drills/" + drillId).then().statusCode(200).body("status", equalTo("FAILED"));
    }

    @Test
    void scheduledTickFiredByEveryReplicaRunsOneDrill() {
        // Given
        DrillSchedule.Drill modelDrill = seed.drills().drills().get("model_recovery");
        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String drillId = "drill-model-recovery-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
                .withZone(ZoneOffset.UTC).format(tick);

        // When: two replicas fire the same tick
        scheduler.tick(modelDrill, tick);
        scheduler.tick(modelDrill, tick);

        // Then
        DrillCompleted completed = DrillEvents.awaitCompleted(drillId, TIMEOUT);
        assertThat(completed.type()).isEqualTo("partial");
        List<String> ids = Callers.viewer().get("/drills").then().statusCode(200).extract().jsonPath()
                .getList("drillId");
        assertThat(ids).containsOnlyOnce(drillId);
        Callers.viewer().get("/drills/" + drillId).then().statusCode(200).body("requestedBy", equalTo("schedule"));
    }

    @Test
    void drillOfAScenarioThisServiceDoesNotRunIsRefusedWithTheScenariosItRuns() {
        // When / Then
        Callers.operator().contentType(ContentType.JSON).body(Map.of("scenario", "region_failover")).post("/drills")
                .then().statusCode(400).body("error", containsString("database_recovery"))
                .body("error", containsString("not region_failover"));
    }

    @Test
    void drillOfADatabaseThatIsNotBackedUpIsRefusedWithTheTargetsThatAre() {
        // When / Then
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("scenario", "database_recovery", "target", "billing")).post("/drills")
                .then().statusCode(400).body("error", containsString("energy_forecast"))
                .body("error", containsString("not billing"));
    }

    private List<Path> scratchDirectories() throws Exception {
        Path drills = workDir.resolve("drills");
        if (!Files.exists(drills)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(drills)) {
            return dirs.toList();
        }
    }
}
