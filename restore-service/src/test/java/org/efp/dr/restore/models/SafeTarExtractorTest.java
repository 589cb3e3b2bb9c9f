package org.efp.dr.restore.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {

    @TempDir
    Path dir;

    @Test
    void regularEntriesAndInnerLinksAreExtracted() throws Exception {
        // Given
        byte[] tar = ArchiveFixture.tar(List.of(Entry.file("models/a/model.onnx", "w"),
                Entry.link("models/latest", "a")));

        // When
        List<String> files = SafeTarExtractor.extract(new ByteArrayInputStream(tar), Files.createDirectory(
                dir.resolve("target")));

        // Then
        assertThat(files).containsExactly("models/a/model.onnx");
        assertThat(dir.resolve("target/models/latest/model.onnx")).hasContent("w");
    }

    @Test
    void absoluteEntryNamesAreRefused() throws Exception {
        byte[] tar = ArchiveFixture.tar(List.of(Entry.file("/etc/cron.d/evil", "x")));
        Path target = Files.createDirectory(dir.resolve("target"));

        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(tar), target))
                .isInstanceOf(RestoreException.class).hasMessageContaining("absolute path");
    }

    @Test
    void fileWrittenThroughALinkLeavingTheTargetIsRefused() throws Exception {
        // Given
        Path outside = Files.createDirectory(dir.resolve("outside"));
        byte[] tar = ArchiveFixture.tar(List.of(Entry.link("models/out", "../../outside"),
                Entry.file("models/out/x", "pwned")));
        Path target = Files.createDirectory(dir.resolve("target"));

        // When / Then
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(tar), target))
                .isInstanceOf(RestoreException.class).hasMessageContaining("refused");
        assertThat(outside.resolve("x")).doesNotExist();
    }
}
