package org.efp.dr.restore.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.restore.models.ModelSwitch;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * A restore into the live target asks failover-service (over Kafka, the test answers in its place) to stop the
 * affected services before it touches anything and to start them again once the data verified.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@TestProfile(ServiceControlIT.ControlServices.class)
class ServiceControlIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final BackupFixture backups = BackupFixture.create();
    private final PostgresServer primary = backups.primary();

    @ConfigProperty(name = "dr.restore.models-dir")
    Path modelsDir;

    /** Services controlled as in production, configured deployments per component. */
    public static class ControlServices implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dr.restore.control-services", "true", "dr.restore.service-control-timeout", "60s");
        }
    }

    @Test
    void databaseReplacedInPlaceIsRestoredOnlyAfterItsServicesStoppedAndTheyStartAgainAfterVerification() {
        // Given
        String database = SourceDatabase.uniqueName("ef_live");
        SourceDatabase.create(primary, database, 1_000);
        Map<String, String> backedUp = SourceDatabase.fingerprint(primary, database);
        backups.fullBackup(database, "energy_forecast");
        SourceDatabase.addForecasts(primary, database, 500);
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, null, Map.of("targetDatabase", database, "replace", "true"));

        // Then: nothing is touched until failover-service says the services are stopped
        RecoveryRequested stop = RecoveryEvents.awaitRequested(recovery + ":stop-services", TIMEOUT);
        assertThat(stop.action()).isEqualTo(RecoveryAction.SCALE_DOWN);
        assertThat(stop.target()).isEqualTo("api-service");
        assertThat(stop.incidentId()).isNotBlank();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> forecasts(database) == 1_500);
        RecoveryEvents.answer(stop, RecoveryStatus.SUCCEEDED, null);

        RecoveryRequested start = RecoveryEvents.awaitRequested(recovery + ":restart-services", TIMEOUT);
        assertThat(start.action()).isEqualTo(RecoveryAction.SCALE_UP);
        assertThat(start.target()).isEqualTo("api-service");
        assertThat(SourceDatabase.fingerprint(primary, database)).as("restored before the restart")
                .isEqualTo(backedUp);
        RecoveryEvents.answer(start, RecoveryStatus.SUCCEEDED, null);

        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.nextSteps()).singleElement().asString().contains("api-service run again");
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> ((RecoveryStepCompleted) e).step())
                .containsExactly("stop affected services", "select backup", "download and verify checksums",
                        "restore", "verify data integrity", "swap into place", "restart affected services");
    }

    @Test
    void modelRestoreWhoseServicesCannotBeStoppedFailsAndLeavesTheServedModelAlone() throws IOException {
        // Given
        ArchiveFixture archives = new ArchiveFixture(backups);
        Optional<Path> servedBefore = ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT));
        String backup = archives.modelsBackup(List.of(Entry.file("models/load-forecast/2.0.0/model.onnx", "v2")));
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_MODELS, "models", backup,
                null, Map.of());
        RecoveryRequested stop = RecoveryEvents.awaitRequested(recovery + ":stop-services", TIMEOUT);
        RecoveryEvents.answer(stop, RecoveryStatus.FAILED, "deployment ml-service not found");

        // Then
        assertThat(stop.target()).isEqualTo("ml-service");
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("could not stop ml-service").contains("deployment ml-service not found");
        assertThat(ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT))).isEqualTo(servedBefore);
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> ((RecoveryStepCompleted) e).step())
                .containsExactly("stop affected services");
    }

    @Test
    void hostileModelBackupRefusedBeforeTheLiveModelWasTouchedStartsTheStoppedServicesAgain() throws IOException {
        // Given: a backup whose checksums match but whose archive holds a link out of the target
        ArchiveFixture archives = new ArchiveFixture(backups);
        Optional<Path> servedBefore = ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT));
        String hostile = archives.modelsBackup(List.of(Entry.link("model/a", "."),
                Entry.link("model/b", "a/a/a/../../../../../.."), Entry.file("model/m.onnx", "w")));
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_MODELS, "models",
                hostile, null, Map.of());
        RecoveryEvents.answer(RecoveryEvents.awaitRequested(recovery + ":stop-services", TIMEOUT),
                RecoveryStatus.SUCCEEDED, null);

        // Then: ml-service is asked to scale up again, and the completion says why
        RecoveryRequested start = RecoveryEvents.awaitRequested(recovery + ":restart-services", TIMEOUT);
        assertThat(start.action()).isEqualTo(RecoveryAction.SCALE_UP);
        assertThat(start.target()).isEqualTo("ml-service");
        RecoveryEvents.answer(start, RecoveryStatus.SUCCEEDED, null);
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("refused").contains("symbolic link");
        assertThat(completed.nextSteps()).first().asString().contains("ml-service started again")
                .contains("before the live data was touched");
        assertThat(completed.nextSteps()).noneMatch(s -> s.contains("stay stopped"));
        assertThat(ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT))).isEqualTo(servedBefore);
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> ((RecoveryStepCompleted) e).step())
                .containsExactly("stop affected services", "select backup", "download and verify checksums",
                        "extract", "restart affected services");
    }

    @Test
    void restoreIntoANewDatabaseLeavesTheServicesRunning() {
        // Given
        String database = SourceDatabase.uniqueName("ef_side");
        SourceDatabase.create(primary, database, 200);
        backups.fullBackup(database, "energy_forecast");
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, null, Map.of("targetDatabase", database + "_copy"));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> ((RecoveryStepCompleted) e).step())
                .doesNotContain("stop affected services", "restart affected services");
        assertThat(completed.nextSteps()).singleElement().asString().startsWith("point clients at");
    }

    private long forecasts(String database) {
        return primary.queryLong(database, "SELECT count(*) FROM forecasts");
    }
}
