package org.efp.dr.restore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.fixture.ArchiveFixture;
import org.efp.dr.restore.fixture.ArchiveFixture.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTarExtractorTest {

    private static final int ENTRIES = 100;
    private static final long ENTRY_BYTES = 1 << 20;
    private static final long TOTAL_BYTES = 4 << 20;
    private static final int NAME_LENGTH = 200;

    @TempDir
    Path dir;
    Path target;
    Path outside;

    @BeforeEach
    void directories() throws IOException {
        target = Files.createDirectory(dir.resolve("target"));
        outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "outside");
    }

    @Test
    void regularFilesAndTheirDirectoriesListedInTheManifestAreExtracted() throws Exception {
        // Given
        List<Entry> entries = List.of(Entry.directory("models/a"), Entry.file("models/a/model.onnx", "w"),
                Entry.file("./metadata/registry.json", "{}"));

        // When
        List<String> files = extract(entries, listing(entries));

        // Then
        assertThat(files).containsExactly("models/a/model.onnx", "metadata/registry.json");
        assertThat(target.resolve("models/a/model.onnx")).hasContent("w");
        assertThat(target.resolve("metadata/registry.json")).hasContent("{}");
    }

    static Stream<Arguments> hostileArchives() {
        String longName = "models/" + "n".repeat(NAME_LENGTH) + "/model.onnx";
        return Stream.of(
                Arguments.of("zip-slip", List.of(Entry.file("models/ok", "fine"),
                        Entry.file("models/../../outside/pwned", "x")), "path traversal"),
                Arguments.of("absolute path", List.of(Entry.file("/tmp/pwned", "x")), "absolute path"),
                Arguments.of("symlink chain that normalize() cancels", List.of(Entry.link("model/a", "."),
                        Entry.link("model/b", "a/a/a/a/a/../../../../../.."), Entry.directory("model/b/escape"),
                        Entry.file("model/b/escape/pwned", "x")), "symbolic link"),
                Arguments.of("link inside the target", List.of(Entry.file("models/a/model.onnx", "w"),
                        Entry.link("models/latest", "a")), "symbolic link"),
                Arguments.of("hard link to a file outside", List.of(Entry.hardLink("models/secret",
                        "../outside/secret")), "hard link"),
                Arguments.of("hard link inside", List.of(Entry.file("models/a", "w"),
                        Entry.hardLink("models/b", "models/a")), "hard link"),
                Arguments.of("character device listed in the manifest",
                        List.of(Entry.charDevice("models/null").listedInManifest()), "device node"),
                Arguments.of("block device listed in the manifest",
                        List.of(Entry.blockDevice("models/sda").listedInManifest()), "device node"),
                Arguments.of("FIFO listed in the manifest", List.of(Entry.fifo("models/pipe").listedInManifest()),
                        "FIFO"),
                Arguments.of("very long name", List.of(Entry.file(longName, "x")), "name longer than"),
                Arguments.of("entry not in the manifest", List.of(Entry.file("models/a", "w"),
                        Entry.file("models/extra", "x").notInManifest()), "not in the manifest"),
                Arguments.of("file twice", List.of(Entry.file("models/a", "w"), Entry.file("models/a", "w")),
                        "appears twice"),
                Arguments.of("entry bigger than the per-entry limit", List.of(Entry.zeros("models/big",
                        ENTRY_BYTES + 1)), "per entry"),
                Arguments.of("more bytes than the total limit", List.of(Entry.zeros("models/1", ENTRY_BYTES),
                        Entry.zeros("models/2", ENTRY_BYTES), Entry.zeros("models/3", ENTRY_BYTES),
                        Entry.zeros("models/4", ENTRY_BYTES), Entry.zeros("models/5", ENTRY_BYTES)),
                        "more than the limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void hostileArchiveIsRefusedByTheHeaderCheckBeforeAnythingIsWritten(String what, List<Entry> entries,
            String why) throws Exception {
        // Given
        byte[] tar = ArchiveFixture.tar(entries);

        // When / Then: the check alone refuses it, and extraction refuses it too
        assertThatThrownBy(() -> SafeTarExtractor.check(new ByteArrayInputStream(tar), rules(listing(entries))))
                .isInstanceOf(RestoreException.class).hasMessageContaining("refused").hasMessageContaining(why);
        assertThatThrownBy(() -> extract(entries, listing(entries))).isInstanceOf(RestoreException.class)
                .hasMessageContaining(why);
        assertThat(outside.resolve("secret")).hasContent("outside");
        try (Stream<Path> out = Files.walk(outside)) {
            assertThat(out).containsExactlyInAnyOrder(outside, outside.resolve("secret"));
        }
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        try (Stream<Path> in = Files.walk(target)) {
            assertThat(in).noneMatch(Files::isSymbolicLink);
        }
    }

    @Test
    void fileBiggerThanTheManifestListsIsRefused() {
        List<Entry> entries = List.of(Entry.file("models/a", "twelve bytes"));

        assertThatThrownBy(() -> extract(entries, Map.of("models/a", 3L))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("12 bytes, the manifest lists 3");
    }

    @Test
    void archiveWithMoreEntriesThanTheLimitIsRefused() {
        List<Entry> entries = Stream.iterate(0, i -> i + 1).limit(ENTRIES + 1)
                .map(i -> Entry.file("models/f" + i, "x")).toList();

        assertThatThrownBy(() -> extract(entries, listing(entries))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("more than " + ENTRIES + " entries");
    }

    @Test
    void streamThatExpandsBeyondWhatTheManifestAllowsIsCutOffWhileItStreams() {
        // Given: a manifest listing 10 bytes and an archive of 3 MB, within the size limits
        byte[] tar = ArchiveFixture.tar(List.of(Entry.zeros("models/a", 3_000_000)));
        SafeTarExtractor.Rules rules = new SafeTarExtractor.Rules(ENTRIES, 16 << 20, 16 << 20, NAME_LENGTH,
                Map.of("models/a", 10L));

        // When / Then
        assertThatThrownBy(() -> SafeTarExtractor.check(new ByteArrayInputStream(tar), rules))
                .isInstanceOf(RestoreException.class).hasMessageContaining("the manifest lists 10");
        assertThat(rules.streamCap()).isLessThan(3_000_000);
        assertThatThrownBy(() -> SafeTarExtractor.capped(new ByteArrayInputStream(tar), rules.streamCap())
                .transferTo(java.io.OutputStream.nullOutputStream())).isInstanceOf(RestoreException.class)
                .hasMessageContaining("expands beyond");
    }

    @Test
    void manifestSizesThatWouldOverflowDoNotWrapTheTotalAround() {
        // Given: two listed sizes whose sum overflows a long
        long half = Long.MAX_VALUE / 2 + 1;
        SafeTarExtractor.Rules rules = rules(Map.of("models/a", half, "models/b", half));

        // Then: the bound stays the configured one, not a negative or tiny number
        assertThat(rules.streamCap()).isGreaterThan(TOTAL_BYTES).isLessThan(TOTAL_BYTES + 64 * ENTRY_BYTES);
        assertThat(SafeTarExtractor.saturatingAdd(half, half)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void directoryThatIsALinkInTheTargetIsNotFollowed() throws Exception {
        // Given: something made a link inside the target while it was being filled
        Files.createSymbolicLink(target.resolve("models"), outside);
        List<Entry> entries = List.of(Entry.file("models/pwned", "x"));

        // When / Then
        assertThatThrownBy(() -> extract(entries, listing(entries))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("not a directory");
        assertThat(outside.resolve("pwned")).doesNotExist();
    }

    private List<String> extract(List<Entry> entries, Map<String, Long> listed) throws IOException {
        return SafeTarExtractor.extract(new ByteArrayInputStream(ArchiveFixture.tar(entries)), target,
                rules(listed));
    }

    private static SafeTarExtractor.Rules rules(Map<String, Long> listed) {
        return new SafeTarExtractor.Rules(ENTRIES, ENTRY_BYTES, TOTAL_BYTES, NAME_LENGTH, listed);
    }

    /** What the product's manifest would list for these entries (sizes as the files are). */
    private static Map<String, Long> listing(List<Entry> entries) {
        Map<String, Long> listed = new HashMap<>();
        for (Entry e : entries) {
            if (e.listed()) {
                String name = e.name().startsWith("./") ? e.name().substring(2) : e.name();
                listed.put(name, e.content() == null || e.type() == '0' ? e.size() : 0L);
            }
        }
        return listed;
    }
}
