package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.trigger;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.efp.dr.backup.run.BackupWorker;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.Topics;
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
class BackupFailureIT {

    private final Infrastructure infra = TestInfrastructure.shared();

    @Inject
    BackupWorker worker;

    @Test
    void s3OutageMidUploadFailsTheBackupAndLeavesNothingUsable() {
        // Given: a database large enough for several multipart parts
        infra.primary().execute(Infrastructure.TIMESERIES, "CREATE TABLE IF NOT EXISTS bulk AS "
                + "SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) AS payload "
                + "FROM generate_series(1, 700000) AS g");
        String id = trigger("timeseries", "FULL");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() ->
                Callers.viewer().when().get("/backups/" + id).then().extract().jsonPath()
                        .getLong("progress.bytesDone") > 0);

        // When
        infra.s3().stop();
        JsonPath view;
        try {
            view = awaitFinished(id);
        } finally {
            infra.s3().start();
        }

        // Then
        assertThat(view.getString("backup.status")).isEqualTo("FAILED");
        assertThat(view.getString("backup.failureReason")).isEqualTo("S3_UNAVAILABLE");
        try (S3Client s3 = s3()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket(BackupTestSupport.BUCKET)
                    .prefix(view.getString("backup.prefix"))).contents().stream().map(o -> o.key()).toList();
            assertThat(keys).noneMatch(k -> k.endsWith("manifest.json"));
        }
        Callers.operator().when().post("/backups/" + id + "/verify").then().statusCode(200)
                .body("valid", org.hamcrest.Matchers.is(false));
        try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
            ConsumerRecord<String, String> failed = kafka.awaitRecord(Topics.BACKUPS,
                    r -> r.value().contains(id) && r.value().contains("BackupFailed"), Duration.ofSeconds(60));
            assertThat(((BackupFailed) EventCodec.decode(failed.value()).payload()).reason())
                    .isEqualTo("S3_UNAVAILABLE");
        }
    }

    @Test
    void backupLeftRunningByADeadWorkerIsFailedAndCleanedUp() {
        // Given: a backup a crashed worker left half-written
        String id = "energy-forecast-full-crashed-" + System.nanoTime();
        String prefix = "databases/energy_forecast/full/" + id + "/";
        // (the objects first: the worker's own stale check may take the row over as soon as it exists)
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(prefix + "dump.pgc.zst"),
                    RequestBody.fromString("half a dump"));
        }
        infra.stateDb().execute(Infrastructure.STATE_DATABASE, "INSERT INTO backup.backup (backup_id, target, kind, "
                + "status, requested_by, prefix, queued_at, started_at, heartbeat_at, owner) VALUES ('" + id
                + "', 'energy_forecast', 'FULL', 'RUNNING', 'scheduler', '" + prefix + "', now() - interval '1 hour', "
                + "now() - interval '1 hour', now() - interval '1 hour', 'dead-worker')");

        // When
        worker.failInterrupted();

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("FAILED");
        assertThat(view.getString("backup.failureReason")).isEqualTo("INTERRUPTED");
        try (S3Client s3 = s3()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(BackupTestSupport.BUCKET).prefix(prefix)).contents()).isEmpty();
        }
    }
}
