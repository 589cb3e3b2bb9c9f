package org.efp.dr.restore.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class ModelRestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final ArchiveFixture archives = new ArchiveFixture(BackupFixture.create());

    @Test
    void modelsAreRestoredVerifiedAndSwitchedInKeepingThePreviousVersionForRollback() throws IOException {
        // Given
        Path modelsDir = Files.createTempDirectory("models");
        String v1 = archives.modelsBackup(List.of(Entry.file("models/load-forecast/1.0.0/model.onnx", "weights v1"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"1.0.0\"}")));
        String v2 = archives.modelsBackup(List.of(Entry.file("models/load-forecast/1.1.0/model.onnx", "weights v2"),
                Entry.file("metadata/registry.json", "{\"deployed\":\"1.1.0\"}")));
        String first = restore(v1, modelsDir);
        RecoveryEvents.awaitCompleted(first, TIMEOUT);

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(restore(v2, modelsDir), TIMEOUT);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(v2);
        assertThat(modelsDir.resolve("current/models/load-forecast/1.1.0/model.onnx")).hasContent("weights v2");
        assertThat(modelsDir.resolve("current/metadata/registry.json")).hasContent("{\"deployed\":\"1.1.0\"}");
        assertThat(modelsDir.resolve("previous/models/load-forecast/1.0.0/model.onnx")).hasContent("weights v1");
        assertThat(Files.isSymbolicLink(modelsDir.resolve("current"))).isTrue();
    }

    @Test
    void archiveEscapingItsDirectoryIsRejectedWithNothingWrittenOutsideAndNothingServed() throws IOException {
        // Given
        Path modelsDir = Files.createTempDirectory("models");
        String escapee = "escaped-" + UUID.randomUUID() + ".txt";
        String evil = archives.modelsBackup(List.of(Entry.file("models/ok/model.onnx", "fine"),
                Entry.link("models/ok/evil-link", "../../../../../../tmp"),
                Entry.file("../../../../../../tmp/" + escapee, "pwned")));

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(restore(evil, modelsDir), TIMEOUT);

        // Then
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("refused");
        assertThat(Path.of("/tmp", escapee)).doesNotExist();
        assertThat(modelsDir.resolve("current")).doesNotExist();
        try (var versions = Files.list(Files.createDirectories(modelsDir.resolve("versions")))) {
            assertThat(versions).isEmpty();
        }
    }

    private static String restore(String backupId, Path modelsDir) {
        String recovery = "rec-" + UUID.randomUUID();
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_MODELS, "models",
                backupId, null, Map.of("modelsDir", modelsDir.toString()));
        return recovery;
    }
}
