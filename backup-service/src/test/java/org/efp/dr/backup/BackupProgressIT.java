package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.efp.dr.backup.BackupTestSupport.trigger;

import java.util.List;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.ServerSentEvents;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class BackupProgressIT {

    private final Infrastructure infra = TestInfrastructure.shared();

    @AfterEach
    void dropFill() {
        infra.primary().execute(Infrastructure.TIMESERIES, "DROP TABLE IF EXISTS progress_fill");
    }

    @Test
    void backupOfRealDataStreamsPercentRateAndEtaWhileRunningAndEndsAtHundredPercent() {
        // Given: about 250 MB of rows small enough to be stored uncompressed, so the database's size is a fair guess
        infra.primary().execute(Infrastructure.TIMESERIES, "CREATE TABLE progress_fill (id bigint PRIMARY KEY, "
                + "payload text NOT NULL); INSERT INTO progress_fill SELECT g, repeat(md5(g::text), 30) "
                + "FROM generate_series(1, 250000) g");
        String id = trigger("timeseries", "FULL");

        // When
        String stream = Callers.viewer().accept("text/event-stream")
                .when().get("/backups/" + id + "/events")
                .then().statusCode(200).extract().asString();

        // Then
        List<ServerSentEvents.Event> events = ServerSentEvents.parse(stream);
        assertThat(events).isNotEmpty();
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e.name()).isEqualTo("progress"));
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        List<JobProgress> running = events.stream().filter(e -> e.name().equals("progress"))
                .map(e -> ProgressCodec.decode(e.data())).filter(p -> p.step().equals("copying data")).toList();
        assertThat(running).as("progress while the data is copied").isNotEmpty()
                .anySatisfy(p -> {
                    assertThat(p.bytesDone()).isPositive();
                    assertThat(p.bytesPerSecond()).isPositive();
                    assertThat(p.etaSeconds()).isNotNull();
                    assertThat(p.percent()).isBetween(0.0, 99.9);
                    assertThat(p.bytesTotal()).isGreaterThan(200_000_000L);
                });
        JobProgress end = ProgressCodec.decode(events.get(events.size() - 1).data());
        assertThat(end.finished()).isTrue();
        assertThat(end.percent()).isEqualTo(100.0);
        assertThat(end.bytesDone()).isGreaterThan(200_000_000L);
        JsonPath view = Callers.viewer().when().get("/backups/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getDouble("progress.percent")).isEqualTo(100.0);
        assertThat(view.getLong("progress.bytesDone")).isEqualTo(view.getLong("backup.sizeBytes"));
    }

    @Test
    void theNextBackupOfADatabaseEstimatesWhatItWillReadRatherThanItsSizeOnDisk() {
        // Given: narrow rows under three indexes, so a dump reads a small share of the size on disk, and a backup that
        // read it
        infra.primary().execute(Infrastructure.TIMESERIES, "CREATE TABLE progress_fill (id bigint PRIMARY KEY, "
                + "a bigint NOT NULL, b bigint NOT NULL); INSERT INTO progress_fill SELECT g, g * 7, g * 13 "
                + "FROM generate_series(1, 1000000) g; CREATE INDEX ON progress_fill (a); "
                + "CREATE INDEX ON progress_fill (b)");
        String first = trigger("timeseries", "FULL");
        assertThat(BackupTestSupport.awaitFinished(first).getString("backup.status")).isEqualTo("COMPLETED");

        // When
        String second = trigger("timeseries", "FULL");
        assertThat(BackupTestSupport.awaitFinished(second).getString("backup.status")).isEqualTo("COMPLETED");

        // Then
        long sizeOnDisk = catalogFigure(second, "source_bytes");
        long estimated = catalogFigure(second, "estimated_bytes");
        long read = catalogFigure(second, "size_bytes");
        assertThat(sizeOnDisk).as("pg_database_size at the start").isGreaterThan(2 * read);
        assertThat(estimated).as("the total the progress was measured against").isCloseTo(read, withinPercentage(10));
    }

    @Test
    void eventsOfAnEndedBackupAreOneEndEventAndTheStreamCompletes() {
        // Given
        String id = trigger("energy_forecast", "FULL");
        BackupTestSupport.awaitFinished(id);

        // When
        String stream = Callers.viewer().accept("text/event-stream")
                .when().get("/backups/" + id + "/events")
                .then().statusCode(200).extract().asString();

        // Then
        List<ServerSentEvents.Event> events = ServerSentEvents.parse(stream);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("end");
            assertThat(ProgressCodec.decode(e.data()).percent()).isEqualTo(100.0);
        });
    }

    @Test
    void eventsNeedAViewerAndAKnownBackup() {
        // When / Then
        Callers.withoutRole().accept("text/event-stream").when().get("/backups/no-such-backup/events")
                .then().statusCode(403);
        Callers.viewer().accept("text/event-stream").when().get("/backups/no-such-backup/events")
                .then().statusCode(404);
    }

    /** A figure the catalog row of a backup holds. */
    private long catalogFigure(String backupId, String column) {
        return infra.stateDb().queryLong(Infrastructure.STATE_DATABASE, "SELECT " + column
                + " FROM backup.backup WHERE backup_id = '" + backupId + "'");
    }
}
