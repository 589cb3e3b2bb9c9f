package org.efp.dr.restore.models;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.WatchedModels;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.SampleModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guide's monitor_predictions after a model restore, against the real sample app and a real Prometheus: a
 * restored model that forecasts badly is rolled back to the previous version within the watch window (ml-service
 * stopped and started around the rollback through failover-service, whose answers the test gives), a good one passes
 * the watch and the recovery succeeds.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@TestProfile(ModelWatchIT.Watched.class)
class ModelWatchIT {

    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Restored models watched for a short window through the test's Prometheus, every second. */
    public static class Watched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dr.restore.models.monitor.window", WINDOW.toSeconds() + "s",
                    "dr.restore.models.monitor.interval", "1s",
                    "dr.restore.models.monitor.rate-window", "5s",
                    "dr.restore.models.monitor.job", "sample-app",
                    "dr.restore.control-services", "true", "dr.restore.service-control-timeout", "60s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WatchedModels.class));
        }
    }

    private final ArchiveFixture archives = new ArchiveFixture(BackupFixture.create());
    private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();

    @ConfigProperty(name = "dr.restore.models-dir")
    Path modelsDir;

    @ConfigProperty(name = "test.sample-app.url")
    String app;

    @ConfigProperty(name = "dr.restore.models.monitor.prometheus-url")
    String prometheus;

    @AfterEach
    void stopTraffic() {
        traffic.shutdownNow();
    }

    @Test
    void aRestoredModelThatForecastsWellPassesTheWatchAndTheRecoverySucceeds() {
        // Given
        String good = modelsBackup("good", SampleModels.GOOD);
        sendForecastTraffic();

        // When
        String recovery = restore(good);

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(RecoveryEvents.forIncident(completed.incidentId())).noneMatch(
                e -> e instanceof RecoveryStepCompleted s && s.step().equals(ModelWatch.ROLLBACK_STEP));
        assertThat(completed.nextSteps().get(0)).contains("healthy for");
        RecoveryStepCompleted watch = step(completed, ModelWatch.WATCH_STEP);
        assertThat(watch.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(Duration.between(watch.startedAt(), watch.completedAt())).isGreaterThanOrEqualTo(WINDOW);
        assertThat(servedVersion()).isEqualTo(good);
        // The model served again before the watch began: that, not the watch's end, is its recovery time.
        assertThat(completed.servingSince()).isBefore(completed.completedAt()).isAfterOrEqualTo(
                step(completed, "switch version").completedAt()).isBeforeOrEqualTo(watch.startedAt());
        // ...and it said so then, so a saga waiting for the model to serve goes on without waiting for the watch.
        RecoveryStepCompleted serving = step(completed, RecoveryStepCompleted.SERVING);
        assertThat(serving.serving()).isTrue();
        assertThat(serving.startedAt()).isEqualTo(completed.servingSince());
        assertThat(serving.completedAt()).isBeforeOrEqualTo(watch.startedAt());
        assertThat(serving.stepIndex()).isEqualTo(watch.stepIndex() - 1);
    }

    @Test
    void aRestoredModelThatForecastsBadlyIsRolledBackToThePreviousVersionWithinTheWindow() {
        // Given: a good version serves (itself restored and watched)
        String good = modelsBackup("good", SampleModels.GOOD);
        RecoveryCompleted first = RecoveryEvents.awaitCompleted(restore(good), TIMEOUT);
        assertThat(first.status()).as(first.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        String bad = modelsBackup("bad", SampleModels.BAD);
        sendForecastTraffic();

        // When
        String recovery = restore(bad);

        // Then: ml-service is stopped around the rollback as it was around the restore
        RecoveryRequested stop = RecoveryEvents.awaitRequested(recovery + ":rollback-stop-services", TIMEOUT);
        assertThat(stop.action()).isEqualTo(RecoveryAction.SCALE_DOWN);
        assertThat(stop.target()).isEqualTo("ml-service");
        RecoveryEvents.answer(stop, RecoveryStatus.SUCCEEDED, null);
        RecoveryRequested start = RecoveryEvents.awaitRequested(recovery + ":rollback-restart-services", TIMEOUT);
        assertThat(start.action()).isEqualTo(RecoveryAction.SCALE_UP);
        RecoveryEvents.answer(start, RecoveryStatus.SUCCEEDED, null);
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.ROLLED_BACK);
        assertThat(completed.restoredFrom()).isEqualTo(bad);
        assertThat(completed.error()).contains("model " + bad + " degraded", "mean absolute forecast error",
                "rolled back to the previous version " + good);
        RecoveryStepCompleted watch = step(completed, ModelWatch.WATCH_STEP);
        assertThat(watch.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(Duration.between(watch.startedAt(), watch.completedAt())).isLessThan(WINDOW);
        assertThat(step(completed, ModelWatch.ROLLBACK_STEP).status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(modelsDir.resolve("current").resolve("model.json")).content().contains("\"intercept\":20.0");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedVersion()).isEqualTo(good));
        assertThat(given().get("/q/metrics").asString())
                .contains("dr_restore_model_watches_total{outcome=\"DEGRADED\"}")
                .contains("status=\"ROLLED_BACK\"");

        // And: the next automatic restore (no backup named) passes over the backup that degraded, though newest
        RecoveryCompleted next = RecoveryEvents.awaitCompleted(restore(null), TIMEOUT);
        assertThat(next.status()).as(next.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(next.restoredFrom()).isEqualTo(good);
    }

    @Test
    void aRestoredModelThatDisappearsWhileWatchedFailsTheRecoveryAtOnceInsteadOfPassingTheWatch() throws Exception {
        // Given: a model restored and now watched
        String good = modelsBackup("good", SampleModels.GOOD);
        String recovery = restore(good);
        Path current = modelsDir.resolve("current");
        Path target = Files.readSymbolicLink(current);

        try {
            // When: the live model is deleted again while its restore watches it
            Files.delete(current);

            // Then: the recovery fails with the reason well before the window ends, so the new loss is recovered anew
            RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
            assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
            // (the watch may have started before or after the deletion: either way the loss ends it)
            assertThat(completed.error()).contains("is no longer served", "current is gone");
            RecoveryStepCompleted watch = step(completed, ModelWatch.WATCH_STEP);
            assertThat(watch.status()).isEqualTo(RecoveryStatus.FAILED);
            assertThat(Duration.between(watch.startedAt(), watch.completedAt())).isLessThan(WINDOW);
            assertThat(given().get("/q/metrics").asString()).contains("dr_restore_model_watches_total{outcome=\"LOST\"}");
        } finally {
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(current, target);
            }
        }
    }

    @Test
    void aBadVersionServedWhenTheLastBackupWasTakenIsRecoveredFromTheNewestBackupThatDiffers() throws Exception {
        // Given: a good version backed up; later a bad one deployed by hand, serving when the newest backup was taken
        String good = modelsBackup("good", SampleModels.GOOD);
        String badJson = SampleModels.json("deployed-bad", SampleModels.BAD);
        String newest = archives.modelsBackup(List.of(Entry.file("model.json", badJson)));
        String deployedVersion = "deployed-bad-" + UUID.randomUUID().toString().substring(0, 8);
        Path deployed = Files.createDirectories(modelsDir.resolve("versions").resolve(deployedVersion));
        Files.writeString(deployed.resolve("model.json"), badJson);
        ModelSwitch.switchTo(modelsDir, deployed);
        sendForecastTraffic();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(meanAbsoluteError(deployedVersion)).isGreaterThan(5));

        // When: the restore the runbook asks for (no backup named)
        String recovery = restore(null);

        // Then: the newest backup (the bad files again) is passed over, the good one restored and serving
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(good).isNotEqualTo(newest);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedVersion()).isEqualTo(good));
    }

    /** The served version's forecast error as the test's Prometheus last scraped it (0 before it has). */
    private double meanAbsoluteError(String version) {
        String value = given().baseUri(prometheus).queryParam("query",
                "max(forecast_model_mean_absolute_error_mw{model_version=\"" + version + "\"})")
                .get("/api/v1/query").then().statusCode(200).extract().jsonPath().getString("data.result[0].value[1]");
        return value == null ? 0 : Double.parseDouble(value);
    }

    private static RecoveryStepCompleted step(RecoveryCompleted completed, String name) {
        return RecoveryEvents.forIncident(completed.incidentId()).stream()
                .filter(e -> e instanceof RecoveryStepCompleted s && s.recoveryId().equals(completed.recoveryId())
                        && s.step().equals(name))
                .map(RecoveryStepCompleted.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " of " + completed.recoveryId()));
    }

    /** A MODELS backup of one model.json; its backup id is the version name the app reports. */
    private String modelsBackup(String label, SampleModels.Coefficients coefficients) {
        return archives.modelsBackup(List.of(Entry.file("model.json", SampleModels.json(label, coefficients))));
    }

    /** Forecast requests as the app's users would send them, a few a second, while the test runs. */
    private void sendForecastTraffic() {
        traffic.scheduleAtFixedRate(() -> {
            try {
                given().baseUri(app).auth().preemptive().basic("viewer", WatchedModels.VIEWER_PASSWORD)
                        .get("/api/v1/forecasts/" + (1 + (int) (Math.random() * 20)));
            } catch (RuntimeException e) {
                // the next request tries again; the app may be switching models
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    private String servedVersion() {
        return given().baseUri(app).auth().preemptive().basic("viewer", WatchedModels.VIEWER_PASSWORD)
                .get("/api/v1/forecasts/1").then().statusCode(200).extract().jsonPath().getString("modelVersion");
    }

    /** Asks for the restore and answers failover-service's part: ml-service stopped before, started after. */
    private static String restore(String backupId) {
        String recovery = "rec-" + UUID.randomUUID();
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_MODELS, "models",
                backupId, null, Map.of());
        RecoveryEvents.answer(RecoveryEvents.awaitRequested(recovery + ":stop-services", TIMEOUT),
                RecoveryStatus.SUCCEEDED, null);
        RecoveryEvents.answer(RecoveryEvents.awaitRequested(recovery + ":restart-services", TIMEOUT),
                RecoveryStatus.SUCCEEDED, null);
        return recovery;
    }
}
