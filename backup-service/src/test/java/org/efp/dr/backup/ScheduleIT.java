package org.efp.dr.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.schedule.BackupSchedules;
import org.efp.dr.backup.schedule.ConfigChanges;
import org.efp.dr.backup.schedule.FileChangeWatch;
import org.efp.dr.backup.schedule.ModelChanges;
import org.efp.dr.backup.schedule.ScheduleSlots;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.FilesCovered;
import org.efp.dr.common.events.Topics;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class ScheduleIT {

    @Inject
    BackupSchedules schedules;

    @Inject
    ScheduleSlots slots;

    @Inject
    ModelChanges modelChanges;

    @Inject
    BackupSettings settings;

    @Inject
    BackupRequests requests;

    @Inject
    Catalog catalog;

    @Inject
    EventPublisher publisher;

    @Inject
    Manifests manifests;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "dr.backup.instance-id")
    String instanceId;

    @Test
    void thisInstanceHasANameOfItsOwnForLeasesAndClaims() {
        // Replicas that shared one literal name would each take the other's leases for their own.
        assertThat(instanceId).isNotBlank().doesNotContain("${").matches("[0-9a-f-]{36}");
    }

    @Test
    void scheduleFollowsBackupConfigYaml() {
        assertThat(schedules.jobs()).extracting(BackupSchedules.Job::name, BackupSchedules.Job::cron)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("database-full", "0 0 * * *"),
                        org.assertj.core.groups.Tuple.tuple("database-incremental", "0 */6 * * *"),
                        org.assertj.core.groups.Tuple.tuple("models", "0 */12 * * *"),
                        org.assertj.core.groups.Tuple.tuple("configs", "0 0 * * *"));
    }

    @Test
    void aTickFiredOnTwoReplicasQueuesItsBackupsOnce() {
        // Given
        BackupSchedules.Job job = schedules.jobs().get(0);
        Instant tick = Instant.parse("2031-01-01T00:00:00.120Z");
        boolean otherReplica = slots.claim(job.name(), Instant.parse("2031-01-01T00:00:00Z"), "replica-b");

        // When
        boolean thisReplica = schedules.tick(job, tick);

        // Then
        assertThat(otherReplica).isTrue();
        assertThat(thisReplica).isFalse();
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id LIKE 'schedule-database-full-%-2031-01-01T00:00:00Z'"))
                .isZero();
    }

    @Test
    void aTickQueuesEveryBackupOfItsJob() {
        // Given
        BackupSchedules.Job job = schedules.jobs().get(0);

        // When
        boolean queued = schedules.tick(job, Instant.parse("2032-06-01T00:00:00Z"));

        // Then
        assertThat(queued).isTrue();
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id LIKE 'schedule-database-full-%-2032-06-01T00:00:00Z'"))
                .isEqualTo(3);
    }

    @Test
    void everyFullBackupOfTheScheduleIsHeldAfterTheFirstBackupsAndNotQueuedTwice() {
        // Given: whatever the catalog holds now (other tests may have backed up some targets)
        Instant now = Instant.parse("2033-03-01T12:00:30Z");

        // When
        List<BackupSchedules.Item> first = schedules.firstBackups(now);
        List<BackupSchedules.Item> again = schedules.firstBackups(now.plusSeconds(120));

        // Then: each target and kind has a backup completed or on its way, and the next start queues nothing more
        assertThat(schedules.firstItems()).extracting(BackupSchedules.Item::kind).contains(BackupKind.FULL,
                BackupKind.BASE, BackupKind.MODELS, BackupKind.CONFIGS).doesNotContain(BackupKind.INCREMENTAL);
        for (BackupSchedules.Item item : schedules.firstItems()) {
            long held = TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                    "SELECT count(*) FROM backup.backup WHERE target = '" + item.target() + "' AND kind = '"
                            + item.kind() + "' AND (status IN ('COMPLETED', 'QUEUED', 'RUNNING') "
                            + "OR request_id LIKE 'first-%-2033-03-01T12:00:00Z')");
            assertThat(held).as(item + " held").isPositive();
        }
        assertThat(again).isEmpty();
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id LIKE 'first-%-2033-03-01T12:00:00Z' "
                        + "AND requested_by = 'scheduler'")).isEqualTo(first.size());
    }

    @Test
    void aModelChangeThatHoldsForTwoLooksQueuesOneModelsBackupAcrossReplicas() {
        // Given: the served model as first seen, then a new version being written, then done
        String before = "fingerprint-a-" + System.nanoTime();
        String after = "fingerprint-b-" + System.nanoTime();
        ModelChanges otherReplica = new ModelChanges(settings, requests, catalog, manifests, publisher, Clock.systemUTC(),
                "30s");
        assertThat(modelChanges.seen(before)).isEmpty();
        assertThat(otherReplica.seen(before)).isEmpty();

        // When
        var firstLook = modelChanges.seen(after);
        var secondLook = modelChanges.seen(after);
        otherReplica.seen(after);
        var otherSecondLook = otherReplica.seen(after);

        // Then: queued once the change held, by either replica under the same request
        assertThat(firstLook).isEmpty();
        assertThat(secondLook).isPresent();
        assertThat(otherSecondLook).isEqualTo(secondLook);
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE kind = 'MODELS' AND request_id = '" + secondLook.get() + "'"))
                .isOne();
        assertThat(modelChanges.seen(after)).as("no change since").isEmpty();
    }

    /** Model files this service's worker backs up for real, and a watch of its own over them. */
    private ModelChanges watchOverModelFiles() throws Exception {
        Files.writeString(Files.createDirectories(Path.of("target/test-artifacts/models/watch-probe"))
                .resolve("model.bin"), "weights " + System.nanoTime());
        Files.createDirectories(Path.of("target/test-artifacts/metadata"));
        return new ModelChanges(settings, requests, catalog, manifests, publisher, Clock.systemUTC(),
                "30s");
    }

    @Test
    void theWatchSaysUpToWhenTheServedModelIsKnownToBeBackedUp() throws Exception {
        // Given: model files to back up, as first seen (taken as backed up), then a new version written and done
        ModelChanges watch = watchOverModelFiles();
        assertThat(watch.status().files()).isEqualTo(FileChangeWatch.Seen.NOT_LOOKED_AT);
        String before = "fingerprint-c-" + System.nanoTime();
        String after = "fingerprint-d-" + System.nanoTime();
        watch.seen(before);
        FileChangeWatch.Status firstLook = watch.status();
        assertThat(firstLook.files()).isEqualTo(FileChangeWatch.Seen.UNCHANGED);
        assertThat(firstLook.coveredUntil()).as("nothing changed since the watch began").isEqualTo(
                firstLook.lastLookAt());

        // When: the change is seen, then holds and its backup is queued (and run by this service's worker)
        watch.seen(after);
        FileChangeWatch.Status changing = watch.status();
        String requestId = watch.seen(after).orElseThrow();

        // Then: the change came after the look before, so the served files are known to be backed up only until
        // then...
        assertThat(changing.files()).isEqualTo(FileChangeWatch.Seen.CHANGING);
        assertThat(changing.lastLookAt()).isAfterOrEqualTo(firstLook.lastLookAt());
        assertThat(changing.coveredUntil()).isEqualTo(firstLook.lastLookAt());
        assertThat(watch.status().coveredUntil()).as("its backup queued, not completed").isEqualTo(
                firstLook.lastLookAt());
        assertThat(changing.changeBackupId()).isNull();
        assertThat(watch.status().changeBackupId()).isEqualTo(catalog.findByRequest(requestId).orElseThrow()
                .backupId());
        // ...until the change's backup completed
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> watch.status().changeBackupStatus(),
                status -> status == BackupStatus.COMPLETED || status == BackupStatus.FAILED);
        FileChangeWatch.Status backedUp = watch.status();
        assertThat(backedUp.changeBackupStatus()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(backedUp.files()).isEqualTo(FileChangeWatch.Seen.UNCHANGED);
        assertThat(backedUp.coveredUntil()).isEqualTo(backedUp.lastLookAt());
    }

    @Test
    void theFailedBackupOfAModelChangeIsTriedAgainOnceS3IsBack() throws Exception {
        // Given: model files, as first seen by the watch
        ModelChanges watch = watchOverModelFiles();
        watch.seen("fingerprint-f-" + System.nanoTime());
        Instant before = watch.status().lastLookAt();
        String after = "fingerprint-g-" + System.nanoTime();

        // When: they change while S3 is away, so the change's backup fails
        String changeBackup;
        TestInfrastructure.shared().s3().stop();
        try {
            watch.seen(after);
            changeBackup = watch.seen(after).orElseThrow();
            String id = catalog.findByRequest(changeBackup).orElseThrow().backupId();
            assertThat(BackupTestSupport.awaitFinished(id).getString("backup.status")).isEqualTo("FAILED");
        } finally {
            TestInfrastructure.shared().s3().start();
        }
        assertThat(watch.status().coveredUntil()).as("the change is in no backup").isEqualTo(before);
        String retry = watch.retryFailedChange().orElseThrow();

        // Then: tried again once, not again before its backoff, and once that backup completed the files are covered
        assertThat(retry).isEqualTo(changeBackup + "-retry-1");
        assertThat(watch.retryFailedChange()).isEmpty();
        String retried = catalog.findByRequest(retry).orElseThrow().backupId();
        assertThat(BackupTestSupport.awaitFinished(retried).getString("backup.status")).isEqualTo("COMPLETED");
        FileChangeWatch.Status covered = watch.status();
        assertThat(covered.changeBackupId()).isEqualTo(retried);
        assertThat(covered.coveredUntil()).isEqualTo(covered.lastLookAt());
    }

    @Test
    void modelFilesChangedWhileNoWatchRanAreBackedUpNotTakenAsBackedUp() throws Exception {
        // Given: model files in a completed MODELS backup, and a watch whose first look finds them as backed up
        Path probe = Path.of("target/test-artifacts/models/start-probe/model.bin");
        Files.createDirectories(probe.getParent());
        Files.writeString(probe, "weights " + System.nanoTime());
        Files.writeString(Files.createDirectories(Path.of("target/test-artifacts/metadata")).resolve(
                "start-probe.json"), "{\"version\": \"start-probe\"}");
        String backed = "test-start-check-" + System.nanoTime();
        requests.queue("models", BackupKind.MODELS, backed, "files as first backed up", "test");
        String backupId = catalog.findByRequest(backed).orElseThrow().backupId();
        assertThat(BackupTestSupport.awaitFinished(backupId).getString("backup.status")).isEqualTo("COMPLETED");
        ModelChanges running = new ModelChanges(settings, requests, catalog, manifests, publisher, Clock.systemUTC(),
                "30s");
        running.look();
        FileChangeWatch.Status asBackedUp = running.status();

        // When: a model file is retrained while no watch runs (the service down), then a watch starts again
        Files.writeString(probe, "retrained weights " + System.nanoTime());
        ModelChanges restarted = new ModelChanges(settings, requests, catalog, manifests, publisher,
                Clock.systemUTC(), "30s");
        restarted.look();
        FileChangeWatch.Status firstLook = restarted.status();
        restarted.look();
        FileChangeWatch.Status secondLook = restarted.status();

        // Then: the first watch vouched for the files; the restarted one counts them covered only up to the backup,
        // backs them up at its second look, and vouches again once that backup completed
        assertThat(asBackedUp.files()).isEqualTo(FileChangeWatch.Seen.UNCHANGED);
        assertThat(asBackedUp.coveredUntil()).isEqualTo(asBackedUp.lastLookAt());
        Instant backupPoint = catalog.find(backupId).orElseThrow().consistentAt();
        assertThat(firstLook.files()).isEqualTo(FileChangeWatch.Seen.CHANGING);
        assertThat(firstLook.coveredUntil()).isEqualTo(backupPoint);
        assertThat(secondLook.coveredUntil()).isEqualTo(backupPoint);
        assertThat(secondLook.changeBackupId()).as("the change's backup is queued").isNotNull();
        assertThat(BackupTestSupport.awaitFinished(secondLook.changeBackupId()).getString("backup.status"))
                .isEqualTo("COMPLETED");
        FileChangeWatch.Status covered = restarted.status();
        assertThat(covered.coveredUntil()).isEqualTo(covered.lastLookAt());
    }

    @Test
    void aConfigChangeIsBackedUpAndTheWatchTellsThePlatformUpToWhenConfigsAreCovered() throws Exception {
        // Given: config files this service's worker backs up for real, as first seen by a config watch
        Files.writeString(Files.createDirectories(Path.of("target/test-artifacts/configs"))
                .resolve("watch-probe.yaml"), "threshold: " + System.nanoTime());
        ConfigChanges watch = new ConfigChanges(settings, requests, catalog, manifests, publisher,
                Clock.systemUTC(), "15s");
        watch.seen("config-a-" + System.nanoTime());
        FilesCovered first = watch.report().orElseThrow();
        String after = "config-b-" + System.nanoTime();

        // When: the configs change, the change holds, and its CONFIGS backup runs
        watch.seen(after);
        String requestId = watch.seen(after).orElseThrow();
        var whileNotBackedUp = watch.report();
        String backupId = catalog.findByRequest(requestId).orElseThrow().backupId();
        assertThat(BackupTestSupport.awaitFinished(backupId).getString("backup.status")).isEqualTo("COMPLETED");
        watch.seen(after);
        FilesCovered backedUp = watch.report().orElseThrow();

        // Then: a CONFIGS backup of the configs target; the covered point held still while the change was in no
        // completed backup, then moved to the last look; the platform hears both points on its backups topic
        assertThat(requestId).startsWith("configs-change-");
        assertThat(catalog.findByRequest(requestId).orElseThrow().kind()).isEqualTo(BackupKind.CONFIGS);
        assertThat(first.target()).isEqualTo("configs");
        assertThat(first.coveredUntil()).isEqualTo(first.lastLookAt());
        assertThat(whileNotBackedUp).as("no new point while the change is not backed up").isEmpty();
        assertThat(backedUp.coveredUntil()).isEqualTo(backedUp.lastLookAt()).isAfter(first.coveredUntil());
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            FilesCovered heard = (FilesCovered) EventCodec.decode(kafka.awaitRecord(Topics.BACKUPS,
                    r -> r.value().contains("FilesCovered") && EventCodec.decode(r.value()).payload()
                            instanceof FilesCovered c && c.target().equals("configs") && c.coveredUntil()
                            .toEpochMilli() == backedUp.coveredUntil().toEpochMilli(), Duration.ofSeconds(30))
                    .value()).payload();
            assertThat(heard.kind()).isEqualTo(BackupKind.CONFIGS);
        }
    }

    @Test
    void aViewerReadsTheWatchesAndNobodyElse() {
        // The tests' schedules are off, so are the watches: status must not vouch for the files with them
        for (String path : List.of("/model-changes", "/config-changes")) {
            Callers.viewer().when().get(path)
                    .then().statusCode(200).body("watching", equalTo(false)).body("files", notNullValue());
            given().when().get(path).then().statusCode(401);
            Callers.withoutRole().when().get(path).then().statusCode(403);
        }
    }
}
