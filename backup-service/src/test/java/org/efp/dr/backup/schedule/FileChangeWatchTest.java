package org.efp.dr.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a change of the model paths, without reading the files. */
class FileChangeWatchTest {

    @Test
    void aNewVersionSwitchedInIsAChangeAndTheSameFilesAreNot(@TempDir Path dir) throws IOException {
        // Given: two versions with the same file names and sizes, current pointing at the first
        Path v1 = Files.createDirectories(dir.resolve("versions/1.0.0/models"));
        Path v2 = Files.createDirectories(dir.resolve("versions/1.1.0/models"));
        Files.writeString(v1.resolve("model.onnx"), "weights!");
        Files.writeString(v2.resolve("model.onnx"), "weights?");
        Files.setLastModifiedTime(v2.resolve("model.onnx"), Files.getLastModifiedTime(v1.resolve("model.onnx")));
        Path current = Files.createSymbolicLink(dir.resolve("current"), Path.of("versions/1.0.0"));
        List<Path> paths = List.of(current.resolve("models"));
        String first = FileChangeWatch.fingerprint(paths).orElseThrow();

        // When
        String again = FileChangeWatch.fingerprint(paths).orElseThrow();
        Files.delete(current);
        Files.createSymbolicLink(current, Path.of("versions/1.1.0"));
        String switched = FileChangeWatch.fingerprint(paths).orElseThrow();

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(switched).isNotEqualTo(first);
    }

    @Test
    void aFileRewrittenInPlaceIsAChange(@TempDir Path dir) throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("model.onnx"), "weights");
        Files.setLastModifiedTime(models.resolve("model.onnx"), FileTime.fromMillis(1_000_000));
        String before = FileChangeWatch.fingerprint(List.of(models)).orElseThrow();

        Files.writeString(models.resolve("model.onnx"), "weights");
        Files.setLastModifiedTime(models.resolve("model.onnx"), FileTime.fromMillis(2_000_000));

        assertThat(FileChangeWatch.fingerprint(List.of(models)).orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void aLostOrEmptyModelDirectoryIsNeverTakenForANewState(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThat(FileChangeWatch.fingerprint(List.of(dir.resolve("gone")))).isEmpty();
        assertThat(FileChangeWatch.fingerprint(List.of(empty))).isEmpty();
    }
}
