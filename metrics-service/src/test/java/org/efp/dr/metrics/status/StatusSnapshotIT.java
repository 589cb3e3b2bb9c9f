package org.efp.dr.metrics.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.backup;
import static org.efp.dr.metrics.support.Incidents.completed;
import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class StatusSnapshotIT {

    @Inject
    TestClock clock;

    @Test
    void showsEachTargetsNewestBackupAndWalArchiveAgainstItsComponentsRpo() {
        // Given
        BackupCompleted models = backup("models", clock.instant());
        clock.advance(Duration.ofMinutes(2));
        Instant now = clock.instant();
        WalArchived wal = new WalArchived("energy_forecast", now.minusSeconds(90), "0/9000000",
                "000000010000000000000009", 1.5, now, List.of("000000010000000000000007"));

        // When
        Events.send(clock, models, wal);

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> {
            JsonPath snapshot = snapshot();
            Map<String, Object> backup = snapshot.getMap("backups.find { it.target == 'models' }");
            assertThat(backup).containsEntry("backupId", models.backupId()).containsEntry("component", "ml-models")
                    .containsEntry("kind", "FULL").containsEntry("ageSeconds", 120).containsEntry("rpoSeconds", 300)
                    .containsEntry("withinRpo", true);
            Map<String, Object> archive = snapshot.getMap("walArchives.find { it.target == 'energy_forecast' }");
            assertThat(archive).containsEntry("component", "database").containsEntry("ageSeconds", 90)
                    .containsEntry("lagSeconds", 1.5f).containsEntry("rpoSeconds", 60)
                    .containsEntry("withinRpo", false).containsEntry("gaps", 1);
            assertThat(snapshot.getBoolean("protectedNow")).isFalse();
            assertThat(snapshot.getList("risks", String.class))
                    .contains("energy_forecast: 1 WAL segment(s) missing from the archive");
        });
    }

    @Test
    void showsEveryComponentOfTheRtoRpoTableWithItsObjectives() {
        // When
        JsonPath snapshot = snapshot();

        // Then
        assertThat(snapshot.getList("components.component", String.class))
                .containsExactly("api", "cache", "database", "ml-models", "model-training");
        assertThat(snapshot.getMap("components.find { it.component == 'database' }"))
                .containsEntry("name", "Databases").containsEntry("rtoSeconds", 3600).containsEntry("rpoSeconds", 60)
                .containsEntry("rpoKind", "BOUNDED");
        assertThat(snapshot.getMap("components.find { it.component == 'cache' }"))
                .containsEntry("rpoSeconds", null).containsEntry("rpoKind", "BEST_EFFORT");
    }

    @Test
    void anOpenIncidentShowsItsTimelineAgainstTheGuidesThresholdsAndPutsThePlatformAtRisk() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(1200);

        // When
        Events.send(clock, outage(id, "api", Severity.HIGH, start, start.plusSeconds(400)));

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> {
            JsonPath snapshot = snapshot();
            String incident = "incidents.find { it.incidentId == '" + id + "' }";
            assertThat(snapshot.getMap(incident)).containsEntry("open", true).containsEntry("state", "DETECTED")
                    .containsEntry("rtoSeconds", 900);
            assertThat(snapshot.getMap(incident + ".phases[0]")).containsEntry("name", "detect")
                    .containsEntry("seconds", 400).containsEntry("limitSeconds", 300).containsEntry("met", false);
            assertThat(snapshot.getMap(incident + ".phases[1]")).containsEntry("name", "respond")
                    .containsEntry("to", null).containsEntry("seconds", 800).containsEntry("limitSeconds", 900)
                    .containsEntry("met", null);
            assertThat(snapshot.getMap(incident + ".phases[2]")).containsEntry("name", "recover")
                    .containsEntry("seconds", 1200).containsEntry("limitSeconds", 900)
                    .containsEntry("limitName", "RTO").containsEntry("met", false);
            assertThat(snapshot.getBoolean("protectedNow")).isFalse();
            assertThat(snapshot.getList("risks", String.class)).contains("incident " + id + " open (api, DETECTED)");
        });
    }

    @Test
    void aRecoveredIncidentShowsEachPhaseEndedAndMeasuredAgainstItsLimit() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(1800);

        // When
        Events.send(clock, outage(id, "api", Severity.CRITICAL, start, start.plusSeconds(180)),
                started(id, "api", start.plusSeconds(600)),
                completed(id, "api", start.plusSeconds(600), start.plusSeconds(800), 0));

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> {
            JsonPath snapshot = snapshot();
            String incident = "incidents.find { it.incidentId == '" + id + "' }";
            assertThat(snapshot.getMap(incident)).containsEntry("open", false).containsEntry("state", "RECOVERED")
                    .containsEntry("monitoring", "PASSED").containsEntry("rtoMet", true);
            assertThat(snapshot.getList(incident + ".phases.seconds", Integer.class)).containsExactly(180, 420, 800);
            assertThat(snapshot.getList(incident + ".phases.met", Boolean.class)).containsExactly(true, true, true);
            assertThat(snapshot.getString(incident + ".phases[2].to"))
                    .isEqualTo(start.plusSeconds(800).toString());
            assertThat(snapshot.getList("risks", String.class)).noneMatch(risk -> risk.contains(id));
        });
    }

    private static JsonPath snapshot() {
        return Callers.viewer().get("/status/snapshot").then().statusCode(200).extract().jsonPath();
    }
}
