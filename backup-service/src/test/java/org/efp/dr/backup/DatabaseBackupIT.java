package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.read;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.sha256;
import static org.efp.dr.backup.BackupTestSupport.trigger;
import static org.efp.dr.backup.BackupTestSupport.unzstd;
import static org.hamcrest.Matchers.containsString;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.BackupRequested;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.Topics;
import org.efp.dr.common.postgres.TableContent;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class DatabaseBackupIT {

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    void fullBackupStoresARealDumpWithChecksumsAndTheRowCountsOfItsSnapshot() throws Exception {
        // Given
        long forecasts = infra.primary().queryLong(Infrastructure.ENERGY_FORECAST, "SELECT count(*) FROM forecasts");
        String registry;
        try (Connection c = infra.primary().connect(Infrastructure.ENERGY_FORECAST); Statement s = c.createStatement()) {
            TableContent.pinTextForms(s, false);
            registry = TableContent.measure(c, "public.model_registry", true).checksum();
        }

        // When
        String id = trigger("energy_forecast", "FULL");

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getLong("manifest.tableRowCounts.'public.forecasts'")).isEqualTo(forecasts);
        assertThat(view.getLong("manifest.tableRowCounts.'public.model_registry'")).isEqualTo(3);
        assertThat(view.getString("manifest.tableChecksums.'public.model_registry'")).isEqualTo(registry);
        assertThat(view.getMap("manifest.tableChecksums")).containsKey("public.forecasts");
        String key = view.getString("manifest.objects[0].key");
        try (S3Client s3 = s3()) {
            byte[] stored = read(s3, key);
            assertThat(sha256(stored)).isEqualTo(view.getString("manifest.objects[0].sha256"));
            assertThat(new String(unzstd(stored), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            byte[] manifest = read(s3, view.getString("backup.prefix") + "manifest.json");
            assertThat(sha256(manifest)).isEqualTo(view.getString("backup.manifestSha256"));
        }
        assertThat(view.getString("manifest.toolVersions.pg_dump")).contains("PostgreSQL");
        Callers.operator().when().post("/backups/" + id + "/verify").then().statusCode(200)
                .body("valid", org.hamcrest.Matchers.is(true))
                .body("objectsChecked", org.hamcrest.Matchers.is(1));
    }

    @Test
    void baseBackupIsAClusterTarWithItsWalRange() throws Exception {
        // When
        String id = trigger("energy_forecast", "BASE");

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getString("manifest.wal.startLsn")).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(view.getString("manifest.wal.firstSegment")).hasSize(24);
        List<String> entries = new ArrayList<>();
        try (S3Client s3 = s3(); TarArchiveInputStream tar = new TarArchiveInputStream(
                new ByteArrayInputStream(unzstd(read(s3, view.getString("manifest.objects[0].key")))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("backup_label", "PG_VERSION", "global/pg_control");
    }

    @Test
    void backupRequestedEventIsTakenOnceAndAnsweredWithBackupCompleted() {
        // Given
        String requestId = "req-" + UUID.randomUUID();
        BackupRequested request = new BackupRequested(requestId, "timeseries", BackupKind.FULL, "drill", "drill",
                Instant.now());
        CloudEvent first = EventCodec.wrap(request, "operator", Clock.systemUTC());
        CloudEvent sameRequestNewId = EventCodec.wrap(request, "operator", Clock.systemUTC());

        // When
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            kafka.send(Topics.COMMANDS, "timeseries", EventCodec.encode(first));
            kafka.send(Topics.COMMANDS, "timeseries", EventCodec.encode(first));
            kafka.send(Topics.COMMANDS, "timeseries", EventCodec.encode(sameRequestNewId));
            ConsumerRecord<String, String> done = kafka.awaitRecord(Topics.BACKUPS,
                    r -> r.value().contains(requestId), Duration.ofSeconds(120));

            // Then
            BackupCompleted completed = (BackupCompleted) EventCodec.decode(done.value()).payload();
            assertThat(completed.requestId()).isEqualTo(requestId);
            assertThat(completed.location()).startsWith("s3://efp-dr-backups/databases/timeseries/full/");
            assertThat(completed.consistentAt()).isBetween(completed.startedAt(), completed.completedAt());
            assertThat(completed.expiresAt()).isEqualTo(completed.completedAt().plus(Duration.ofDays(30)));
        }
        assertThat(infra.stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id = '" + requestId + "'")).isEqualTo(1);
    }

    @Test
    void requestForAnUnknownTargetIsRefusedWithAReason() {
        // Given
        String requestId = "req-" + UUID.randomUUID();
        CloudEvent event = EventCodec.wrap(new BackupRequested(requestId, "billing", BackupKind.FULL, "x", "sre",
                Instant.now()), "operator", Clock.systemUTC());

        // When
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            kafka.send(Topics.COMMANDS, "billing", EventCodec.encode(event));
            ConsumerRecord<String, String> answer = kafka.awaitRecord(Topics.BACKUPS,
                    r -> r.value().contains(requestId), Duration.ofSeconds(60));

            // Then
            BackupFailed failed = (BackupFailed) EventCodec.decode(answer.value()).payload();
            assertThat(failed.reason()).isEqualTo("INVALID_REQUEST");
            assertThat(failed.error()).contains("unknown backup target 'billing'");
        }
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("target", "energy_forecast", "kind", "MODELS"))
                .when().post("/backups")
                .then().statusCode(400).body("error", containsString("has no MODELS backups"));
        Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("target", "energy_forecast", "kind", "HOURLY"))
                .when().post("/backups")
                .then().statusCode(400).body("error", containsString("kind must be one of"));
    }

    @Test
    void tamperedBackupFailsVerification() throws Exception {
        // Given
        String id = trigger("timeseries", "FULL");
        JsonPath view = awaitFinished(id);
        String key = view.getString("manifest.objects[0].key");
        try (S3Client s3 = s3()) {
            byte[] bytes = read(s3, key);
            bytes[bytes.length / 2] ^= 0x5A;
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(key), RequestBody.fromBytes(bytes));
        }

        // When
        JsonPath verdict = Callers.operator().when().post("/backups/" + id + "/verify").then().statusCode(200)
                .extract().jsonPath();

        // Then
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getList("problems", String.class)).singleElement().asString()
                .contains(key).contains("SHA-256");
    }

    @Test
    void catalogLostWithTheStateDatabaseIsRebuiltFromS3Manifests() {
        // Given
        String id = trigger("energy_forecast", "FULL");
        awaitFinished(id);
        infra.stateDb().execute(Infrastructure.STATE_DATABASE, "DELETE FROM backup.backup WHERE backup_id = '"
                + id + "'");

        // When
        Callers.operator().when().post("/backups/catalog/rebuild").then().statusCode(200);

        // Then
        JsonPath view = Callers.viewer().when().get("/backups/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getString("backup.location")).endsWith(id + "/manifest.json");
        Callers.operator().when().post("/backups/" + id + "/verify").then().statusCode(200)
                .body("valid", org.hamcrest.Matchers.is(true));
    }
}
