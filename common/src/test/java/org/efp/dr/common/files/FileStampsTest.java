package org.efp.dr.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a directory's files look like without reading them, and what a link cannot bring in. */
class FileStampsTest {

    @Test
    void everyRegularFileBelowTheDirectoryIsStampedWithItsSizeAndModificationTime(@TempDir Path dir)
            throws IOException {
        // Given
        Path models = Files.createDirectories(dir.resolve("models/sub"));
        Files.writeString(dir.resolve("models/b.onnx"), "weights");
        Files.writeString(models.resolve("a.json"), "{}");
        Files.setLastModifiedTime(dir.resolve("models/b.onnx"), FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(models.resolve("a.json"), FileTime.fromMillis(1_000_000));

        // When
        var stamps = FileStamps.of(dir.resolve("models"));

        // Then
        assertThat(stamps).containsExactly(
                java.util.Map.entry(Path.of("b.onnx"), new FileStamps.Stamp(7, 2_000_000)),
                java.util.Map.entry(Path.of("sub/a.json"), new FileStamps.Stamp(2, 1_000_000)));
    }

    @Test
    void linksAreNeitherFollowedNorListed(@TempDir Path dir) throws IOException {
        // Given: a file and a directory elsewhere, linked into the models
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("secret"), "not a model");
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("model.onnx"), "weights");
        Files.createSymbolicLink(models.resolve("linked-file"), elsewhere.resolve("secret"));
        Files.createSymbolicLink(models.resolve("linked-dir"), elsewhere);

        // When
        var stamps = FileStamps.of(models);

        // Then
        assertThat(stamps).containsOnlyKeys(Path.of("model.onnx"));
    }

    @Test
    void anEmptyDirectoryHasNoStamps(@TempDir Path dir) throws IOException {
        // When / Then
        assertThat(FileStamps.of(dir)).isEmpty();
    }
}
