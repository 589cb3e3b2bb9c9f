package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.read;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.sha256;
import static org.efp.dr.backup.BackupTestSupport.trigger;
import static org.efp.dr.backup.BackupTestSupport.unzstd;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class ArtifactBackupIT {

    @Test
    void modelBackupArchivesEveryFileWithItsChecksum() throws Exception {
        // Given
        Path models = Files.createDirectories(Path.of("target/test-artifacts/models/load-forecast/1.1.0"));
        Path metadata = Files.createDirectories(Path.of("target/test-artifacts/metadata"));
        byte[] weights = new byte[300_000];
        new java.util.Random(7).nextBytes(weights);
        Files.write(models.resolve("model.onnx"), weights);
        Files.writeString(metadata.resolve("registry.json"), "{\"load-forecast\":\"1.1.0\"}");

        // When
        String id = trigger("models", "MODELS");

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        Map<String, String> manifestFiles = new HashMap<>();
        view.getList("manifest.files", Map.class)
                .forEach(f -> manifestFiles.put((String) f.get("path"), (String) f.get("sha256")));
        assertThat(manifestFiles).containsEntry("models/load-forecast/1.1.0/model.onnx", sha256(weights))
                .containsEntry("metadata/registry.json",
                        sha256("{\"load-forecast\":\"1.1.0\"}".getBytes()));
        Map<String, String> archived = new HashMap<>();
        try (S3Client s3 = s3(); TarArchiveInputStream tar = new TarArchiveInputStream(
                new ByteArrayInputStream(unzstd(read(s3, view.getString("manifest.objects[0].key")))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                archived.put(e.getName(), sha256(tar.readAllBytes()));
            }
        }
        assertThat(archived).isEqualTo(manifestFiles);
    }

    @Test
    void configBackupOfAMissingDirectoryFailsWithTheReason() throws Exception {
        // Given
        Path configs = Path.of("target/test-artifacts/configs");
        if (Files.exists(configs)) {
            try (var files = Files.walk(configs)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        // When
        String id = trigger("configs", "CONFIGS");

        // Then
        JsonPath view = awaitFinished(id);
        assertThat(view.getString("backup.status")).isEqualTo("FAILED");
        assertThat(view.getString("backup.failureReason")).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(view.getString("backup.error")).contains("does not exist").contains("configs");
    }
}
