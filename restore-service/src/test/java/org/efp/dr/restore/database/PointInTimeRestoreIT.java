package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.PhysicalFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class PointInTimeRestoreIT {

    @ConfigProperty(name = "dr.restore.work-dir")
    Path workDir;

    @Test
    void pointInTimeRestoreLandsBetweenTwoCommits() throws Exception {
        // Given
        BackupFixture backups = BackupFixture.create();
        PhysicalFixture physical = new PhysicalFixture(backups);
        PostgresServer primary = backups.primary();
        String database = SourceDatabase.uniqueName("ef_pitr");
        primary.createDatabase(database);
        primary.execute(database, "CREATE TABLE events (name text); INSERT INTO events VALUES ('before backup')");
        String first = physical.baseBackup("energy_forecast");
        primary.execute(database, "INSERT INTO events VALUES ('commit A')");
        Instant between = Instant.parse(physical.query(
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        primary.execute(database, "INSERT INTO events VALUES ('commit B')");
        physical.archiveWal("energy_forecast", first);
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, between, Map.of());

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(120));
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.recoveredTo()).isEqualTo(between);
        String location = Callers.viewer().get("/restores/" + recovery).then().statusCode(200).extract()
                .path("location");
        int port = Integer.parseInt(location.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
        String dataDir = location.replaceAll(".* data ", "");
        try {
            assertThat(rows(port, database)).containsExactly("before backup", "commit A");
        } finally {
            OsCommand.postgres(null, "pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
        }
    }

    @Test
    void baseBackupWhoseBytesDifferFromItsManifestNeverHasAServerStartedOnIt() throws Exception {
        // Given: backup A's object replaced by another valid base backup (B, which holds a forged database)
        BackupFixture backups = BackupFixture.create();
        PhysicalFixture physical = new PhysicalFixture(backups);
        PostgresServer primary = backups.primary();
        PhysicalFixture.Base a = physical.base("energy_forecast");
        String forged = SourceDatabase.uniqueName("ef_forged");
        primary.createDatabase(forged);
        PhysicalFixture.Base b = physical.base("energy_forecast");
        byte[] other = backups.s3().getObjectAsBytes(r -> r.bucket(Infrastructure.BUCKET).key(b.objectKey()))
                .asByteArray();
        backups.s3().putObject(r -> r.bucket(Infrastructure.BUCKET).key(a.objectKey()), RequestBody.fromBytes(other));
        physical.archiveWal("energy_forecast", a.firstSegment());
        primary.execute("postgres", "DROP DATABASE " + forged);
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", a.backupId(), null, Map.of("mode", "physical"));

        // Then: A is refused after its digest was computed; whatever older backup may serve, never A's bytes
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(120));
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> (RecoveryStepCompleted) e)
                .filteredOn(s -> s.step().equals("download and verify checksums")).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("refused " + a.backupId() + " (CHECKSUM_MISMATCH)"));
        if (completed.status() == RecoveryStatus.SUCCEEDED) {
            String location = Callers.viewer().get("/restores/" + recovery).then().statusCode(200).extract()
                    .path("location");
            int port = Integer.parseInt(location.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
            String dataDir = location.replaceAll(".* data ", "");
            try {
                assertThat(completed.restoredFrom()).isNotEqualTo(a.backupId());
                assertThat(databases(port)).doesNotContain(forged);
            } finally {
                OsCommand.postgres(null, "pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
            }
        } else {
            assertThat(workDir.resolve("clusters").resolve(recovery)).as("extracted tree removed").doesNotExist();
        }
    }

    private static List<String> databases(int port) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<String> rows(int port, String database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM events ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
