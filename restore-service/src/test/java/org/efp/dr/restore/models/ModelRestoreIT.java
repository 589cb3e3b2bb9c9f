package org.efp.dr.restore.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model restores into the configured models directory. Hostile archives are product-format MODELS backups whose
 * checksums match their manifest, so only the restore's own checks stand between them and the disk.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class ModelRestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MIB = 1 << 20;
    private final ArchiveFixture archives = new ArchiveFixture(BackupFixture.create());

    @ConfigProperty(name = "dr.restore.models-dir")
    Path modelsDir;

    @ConfigProperty(name = "dr.restore.work-dir")
    Path workDir;

    @Inject
    ServedModels servedModels;

    @Test
    void modelsAreRestoredVerifiedAndSwitchedInKeepingThePreviousVersionForRollback() {
        // Given
        String v1 = archives.modelsBackup(List.of(Entry.file("models/load-forecast/1.0.0/model.onnx", "weights v1"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"1.0.0\"}")));
        String v2 = archives.modelsBackup(List.of(Entry.file("models/load-forecast/1.1.0/model.onnx", "weights v2"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"1.1.0\"}")));
        RecoveryCompleted first = RecoveryEvents.awaitCompleted(restore(v1), TIMEOUT);
        assertThat(first.status()).as(first.error()).isEqualTo(RecoveryStatus.SUCCEEDED);

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(restore(v2), TIMEOUT);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(v2);
        // No Prometheus is configured here: the completion says the model was not watched, never that it is healthy.
        assertThat(completed.nextSteps().get(0)).startsWith("NOT CONFIRMED HEALTHY").contains("no Prometheus");
        assertThat(modelsDir.resolve("current/models/load-forecast/1.1.0/model.onnx")).hasContent("weights v2");
        assertThat(modelsDir.resolve("current/metadata/registry.json")).hasContent("{\"deployed\":\"1.1.0\"}");
        assertThat(modelsDir.resolve("previous/models/load-forecast/1.0.0/model.onnx")).hasContent("weights v1");
        assertThat(Files.isSymbolicLink(modelsDir.resolve("current"))).isTrue();
    }

    @Test
    void restoringTheFilesLastSeenServedPutsTheRecoveryPointAtThatLookNotAtTheBackupsAge() throws IOException {
        // Given: a version restored and served, looked at by the served-model sampler, then the directory lost
        String v1 = archives.modelsBackup(List.of(Entry.file("models/load-forecast/2.0.0/model.onnx", "weights 2"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"2.0.0\"}")));
        String other = archives.modelsBackup(List.of(Entry.file("models/load-forecast/2.1.0/model.onnx", "w 2.1"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"2.1.0\"}")));
        RecoveryCompleted first = RecoveryEvents.awaitCompleted(restore(v1), TIMEOUT);
        assertThat(first.status()).as(first.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        Map<String, String> servedFiles = ServedModels.read(modelsDir).orElseThrow().files();
        await().atMost(TIMEOUT).until(() -> servedModels.lastSeenServing(servedFiles)
                .filter(at -> at.isAfter(first.completedAt())).isPresent());
        deleteContents(modelsDir);

        // When
        RecoveryCompleted same = RecoveryEvents.awaitCompleted(restore(v1), TIMEOUT);
        RecoveryCompleted different = RecoveryEvents.awaitCompleted(restore(other), TIMEOUT);

        // Then: the same files lose nothing before the last look; other files are as old as their backup
        assertThat(same.status()).as(same.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(same.recoveredTo()).isAfter(first.completedAt()).isBefore(same.completedAt());
        assertThat(different.status()).as(different.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(different.recoveredTo()).isBefore(first.startedAt());
    }

    @Test
    void bringingBackAVersionServedBeforeTheCurrentOneLosesNothingOlderThanItsLastLook() throws IOException {
        // Given: a good version served and looked at, then replaced by another that is served and looked at
        String good = archives.modelsBackup(List.of(Entry.file("models/load-forecast/3.0.0/model.onnx", "good"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"3.0.0\"}")));
        String replacing = archives.modelsBackup(List.of(Entry.file("models/load-forecast/3.1.0/model.onnx",
                "bad"), Entry.file("metadata/registry.json", "{\"deployed\":\"3.1.0\"}")));
        RecoveryCompleted first = RecoveryEvents.awaitCompleted(restore(good), TIMEOUT);
        assertThat(first.status()).as(first.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        Map<String, String> goodFiles = ServedModels.read(modelsDir).orElseThrow().files();
        await().atMost(TIMEOUT).until(() -> servedModels.lastSeenServing(goodFiles)
                .filter(at -> at.isAfter(first.completedAt())).isPresent());
        RecoveryCompleted second = RecoveryEvents.awaitCompleted(restore(replacing), TIMEOUT);
        assertThat(second.status()).as(second.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        Map<String, String> replacingFiles = ServedModels.read(modelsDir).orElseThrow().files();
        await().atMost(TIMEOUT).until(() -> servedModels.lastSeenServing(replacingFiles)
                .filter(at -> at.isAfter(second.completedAt())).isPresent());

        // When: the good version is brought back
        RecoveryCompleted back = RecoveryEvents.awaitCompleted(restore(good), TIMEOUT);

        // Then: its recovery point is its last look while it served, not its backup's age
        assertThat(back.status()).as(back.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(back.recoveredTo()).isAfter(first.completedAt()).isBeforeOrEqualTo(second.completedAt());
    }

    static Stream<Arguments> hostileBackups() {
        String escapee = "escaped-" + UUID.randomUUID();
        String up = "../".repeat(12);
        String deep = "a/".repeat(12) + "../".repeat(14);
        return Stream.of(
                Arguments.of("zip-slip", escapee, List.of(Entry.file("models/ok/model.onnx", "fine"),
                        Entry.file(up + "tmp/" + escapee, "pwned")), "path traversal"),
                Arguments.of("absolute path", escapee, List.of(Entry.file("/tmp/" + escapee, "pwned")),
                        "absolute path"),
                Arguments.of("symbolic link chain normalize() cancels", escapee, List.of(
                        Entry.link("model/a", "."), Entry.link("model/b", deep),
                        Entry.directory("model/b/tmp/" + escapee), Entry.file("model/b/tmp/" + escapee + "/f", "x"),
                        Entry.link("model/b/tmp/" + escapee + "/root", "/"),
                        Entry.hardLink("model/b/tmp/" + escapee + "/h", "model/a")), "symbolic link"),
                Arguments.of("hard link to a file outside", escapee, List.of(
                        Entry.hardLink("models/hostname", up + "etc/hostname").listedInManifest()), "hard link"),
                Arguments.of("character device the manifest lists", escapee, List.of(
                        Entry.charDevice("models/null").listedInManifest()), "device node"),
                Arguments.of("FIFO the manifest lists", escapee, List.of(Entry.fifo("models/pipe").listedInManifest()),
                        "FIFO"),
                Arguments.of("very long name", escapee, List.of(Entry.file("models/" + "x".repeat(240) + "/"
                        + "y".repeat(240) + "/" + "z".repeat(240) + "/" + "w".repeat(240) + "/" + "v".repeat(240), "w")),
                        "name longer than"),
                Arguments.of("entry not in the manifest", escapee, List.of(Entry.file("models/m.onnx", "w"),
                        Entry.file("models/extra.sh", "x").notInManifest()), "not in the manifest"),
                Arguments.of("zstd bomb within its manifest, over the per-entry limit", escapee,
                        List.of(Entry.zeros("models/bomb.bin", 64 * MIB)), "per entry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBackups")
    void hostileModelBackupIsRefusedBeforeAnythingLandsOutsideAndTheLiveModelStays(String what, String escapee,
            List<Entry> entries, String why) throws IOException {
        // Given
        String hostile = archives.modelsBackup(entries);
        Served before = served();

        // When
        String recovery = restore(hostile);
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);

        // Then
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("refused").contains(why);
        assertThat(Path.of("/tmp", escapee)).doesNotExist();
        assertThat(served()).isEqualTo(before);
        assertThat(workDir.resolve("jobs").resolve(recovery)).as("download removed").doesNotExist();
    }

    @Test
    void compressionBombWhoseManifestUnderstatesItsSizeIsRefused() throws IOException {
        // Given: 16 MiB of zeros (under the per-entry limit) in a few KB, listed as 1 KiB
        String bomb = archives.modelsBackup(List.of(Entry.zeros("models/bomb.bin", 16 * MIB)),
                Map.of("models/bomb.bin", 1024L));
        assertThat(archives.storedBytes(bomb)).isLessThan(64 * 1024);
        Served before = served();

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(restore(bomb), TIMEOUT);

        // Then
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("the manifest lists 1024");
        assertThat(served()).isEqualTo(before);
    }

    @Test
    void backupLargerThanTheFreeDiskSpaceIsRefusedBeforeItIsDownloaded() throws IOException {
        // Given: the manifest says the model holds a petabyte
        String huge = archives.modelsBackup(List.of(Entry.file("models/m.onnx", "w")),
                Map.of("models/m.onnx", 1L << 50));
        Served before = served();

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(restore(huge), TIMEOUT);

        // Then
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("the model files need").contains("usable");
        assertThat(served()).isEqualTo(before);
    }

    /** What the models directory serves: where {@code current} points and the versions present. */
    private record Served(Optional<Path> current, Set<String> versions) {
    }

    private Served served() throws IOException {
        Path versions = Files.createDirectories(modelsDir.resolve("versions"));
        try (Stream<Path> list = Files.list(versions)) {
            return new Served(ModelSwitch.target(modelsDir.resolve(ModelSwitch.CURRENT)),
                    list.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    /** The models directory loses everything it held, as when its volume is lost. */
    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String restore(String backupId) {
        String recovery = "rec-" + UUID.randomUUID();
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_MODELS, "models",
                backupId, null, Map.of());
        return recovery;
    }
}
