package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class LogicalRestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final BackupFixture backups = BackupFixture.create();
    private final PostgresServer primary = backups.primary();

    @ConfigProperty(name = "dr.restore.work-dir")
    Path workDir;

    @Test
    void destroyedDatabaseIsRestoredFromTheLatestBackupWithIdenticalContents() {
        // Given
        String database = SourceDatabase.uniqueName("ef_lost");
        SourceDatabase.create(primary, database, 5_000);
        Map<String, String> original = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup backup = backups.fullBackup(database, "energy_forecast");
        primary.execute("postgres", "DROP DATABASE " + database + " WITH (FORCE)");
        String incident = "inc-" + UUID.randomUUID();
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request(incident, recovery, RecoveryAction.RESTORE_DATABASE, "energy_forecast", null, null,
                Map.of("targetDatabase", database));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(backup.backupId());
        assertThat(completed.recoveredTo()).isEqualTo(backup.consistentAt());
        assertThat(completed.dataLossSeconds()).isNotNegative();
        assertThat(SourceDatabase.fingerprint(primary, database)).isEqualTo(original);
        assertThat(workDir.resolve("jobs").resolve(recovery)).as("downloaded dump removed").doesNotExist();
        var events = RecoveryEvents.forIncident(incident);
        assertThat(events).filteredOn(RecoveryStarted.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(RecoveryStepCompleted.class::isInstance)
                .extracting(e -> ((RecoveryStepCompleted) e).step())
                .containsExactly("select backup", "download and verify checksums", "restore",
                        "verify data integrity");
        assertThat(events).filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> (RecoveryStepCompleted) e)
                .filteredOn(s -> s.step().equals("verify data integrity")).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("content checksums match for 3 of them"));
    }

    @Test
    void tamperedBackupIsRefusedAndTheNextOlderGoodOneIsRestored() {
        // Given
        String database = SourceDatabase.uniqueName("ef_tamper");
        SourceDatabase.create(primary, database, 1_000);
        BackupFixture.Backup good = backups.fullBackup(database, "energy_forecast");
        Map<String, String> goodContents = SourceDatabase.fingerprint(primary, database);
        SourceDatabase.addForecasts(primary, database, 500);
        BackupFixture.Backup tampered = backups.fullBackup(database, "energy_forecast");
        backups.tamper(tampered.objectKey());
        String restored = database + "_r";

        // When
        String jobId = Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("incidentId", "inc-" + UUID.randomUUID(), "target", "energy_forecast",
                        "parameters", Map.of("targetDatabase", restored)))
                .post("/restores").then().statusCode(202).extract().path("jobId");

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(jobId, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(good.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(goodContents);
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> (RecoveryStepCompleted) e)
                .filteredOn(s -> s.step().equals("download and verify checksums")).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("refused " + tampered.backupId())
                        .contains("CHECKSUM_MISMATCH").contains(good.backupId()));
    }

    @Test
    void restoreWhoseRowCountsDoNotMatchTheManifestFailsAndLeavesNoDatabase() {
        // Given
        String database = SourceDatabase.uniqueName("ef_liar");
        SourceDatabase.create(primary, database, 100);
        BackupFixture.Backup backup = backups.fullBackup(database, "energy_forecast",
                Map.of("public.forecasts", 101L));
        String restored = database + "_r";
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", backup.backupId(), null, Map.of("targetDatabase", restored));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("public.forecasts has 100 rows, backup had 101");
        assertThat(primary.queryLong("postgres",
                "SELECT count(*) FROM pg_database WHERE datname = '" + restored + "'")).isZero();
    }

    @Test
    void restoreWhoseContentDiffersFromTheManifestChecksumFailsThoughRowCountsMatch() {
        // Given: the backup's manifest has another checksum for sites: its content is not what was dumped
        String database = SourceDatabase.uniqueName("ef_altered");
        SourceDatabase.create(primary, database, 100);
        BackupFixture.Backup backup = backups.fullBackupWithChecksums(database, "energy_forecast",
                Map.of("public.sites", "12345"));
        String restored = database + "_r";
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", backup.backupId(), null, Map.of("targetDatabase", restored));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("public.sites content differs from the backup")
                .doesNotContain("public.forecasts");
    }

    @Test
    void secondRequestForAnIncidentWithARestoreUnderWayIsRefused() {
        // Given
        String incident = "inc-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("incidentId", incident, "target", "energy_forecast", "backupId",
                "no-such-backup", "parameters", Map.of("targetDatabase", SourceDatabase.uniqueName("ef_dup")));
        Callers.operator().contentType(ContentType.JSON).body(body).post("/restores").then().statusCode(202);

        // When
        var second = Callers.operator().contentType(ContentType.JSON).body(body).post("/restores");

        // Then
        second.then().statusCode(409);
    }
}
