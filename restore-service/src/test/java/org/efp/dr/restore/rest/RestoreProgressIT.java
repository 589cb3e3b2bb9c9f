package org.efp.dr.restore.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.ServerSentEvents;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestoreProgressIT {

    private final BackupFixture backups = BackupFixture.create();
    private final PostgresServer primary = backups.primary();

    @Test
    void restoreStreamsItsProgressAndEndsAtHundredPercentOfTheBackupRead() {
        // Given
        String database = SourceDatabase.uniqueName("ef_progress");
        SourceDatabase.create(primary, database, 20_000);
        BackupFixture.Backup backup = backups.fullBackup(database, "energy_forecast");
        long stored = backups.s3().headObject(b -> b.bucket(Infrastructure.BUCKET).key(backup.objectKey()))
                .contentLength();
        String jobId = Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("incidentId", "inc-" + UUID.randomUUID(), "target", "energy_forecast",
                        "backupId", backup.backupId(), "parameters", Map.of("targetDatabase", database + "_r")))
                .post("/restores").then().statusCode(202).extract().path("jobId");

        // When
        String stream = Callers.viewer().accept("text/event-stream")
                .when().get("/restores/" + jobId + "/events")
                .then().statusCode(200).extract().asString();

        // Then
        List<ServerSentEvents.Event> events = ServerSentEvents.parse(stream);
        assertThat(events).isNotEmpty();
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e.name()).isEqualTo("progress"));
        JobProgress end = ProgressCodec.decode(events.get(events.size() - 1).data());
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        assertThat(end.finished()).isTrue();
        assertThat(end.percent()).isEqualTo(100.0);
        assertThat(end.bytesDone()).isEqualTo(stored);
        JsonPath job = Callers.viewer().when().get("/restores/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).as(job.getString("error")).isEqualTo("SUCCEEDED");
        assertThat(job.getDouble("progress.percent")).isEqualTo(100.0);
        assertThat(job.getLong("progress.bytesDone")).isEqualTo(stored);
    }

    @Test
    void restoreEventsNeedAViewerAndAKnownJob() {
        // When / Then
        Callers.withoutRole().accept("text/event-stream").when().get("/restores/no-such-job/events")
                .then().statusCode(403);
        Callers.viewer().accept("text/event-stream").when().get("/restores/no-such-job/events")
                .then().statusCode(404);
    }
}
