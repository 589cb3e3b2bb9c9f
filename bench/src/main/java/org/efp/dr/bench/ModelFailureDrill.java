package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The guide's model_failure scenario, live: the live model directory disappears (it is moved aside, so nothing is
 * lost when the platform does not bring it back); then the drill only watches whether the platform notices (an
 * ml-models incident in metrics-service), restores the served files from the newest model backup and measures its
 * recovery. When nothing does within the watch time, the drill puts the directory back itself.
 */
final class ModelFailureDrill extends ComponentDrill {

    static final String SCENARIO = "model_failure";
    static final String COMPONENT = "ml-models";

    private final Path modelsDir;
    private Map<String, String> before;
    private Path aside;

    ModelFailureDrill(LivePlatform platform, Path modelsDir, Duration rto, Duration rpo, Duration watchTimeout,
            PrintStream out) {
        super(platform, SCENARIO, COMPONENT, rto, rpo, watchTimeout, out);
        this.modelsDir = modelsDir;
    }

    @Override
    String prepare() throws IOException {
        before = served(modelsDir);
        if (before.isEmpty()) {
            throw new IllegalStateException("the live model directory " + modelsDir + " serves no files (no current "
                    + "version): nothing to break (set DR_DRILL_MODELS_DIR to the directory the platform serves "
                    + "models from)");
        }
        return before.size() + " served model file(s) in " + modelsDir;
    }

    @Override
    String breakIt() throws IOException {
        aside = modelsDir.resolveSibling(modelsDir.getFileName() + ".drill-" + System.currentTimeMillis());
        Files.move(modelsDir, aside);
        return "removed the live model directory " + modelsDir + " (kept aside as " + aside.getFileName() + ")";
    }

    @Override
    String healed() throws IOException {
        return served(modelsDir).equals(before) ? "the served model files are back in " + modelsDir + " ("
                + before.size() + " file(s), same content)" : null;
    }

    @Override
    String putBack() throws IOException {
        String partial = "";
        if (Files.exists(modelsDir, LinkOption.NOFOLLOW_LINKS)) {
            Bench.delete(modelsDir);
            partial = "the platform left a partial " + modelsDir + ", replaced; ";
        }
        Files.move(aside, modelsDir);
        return partial + "put the original model directory back (the platform did not restore it)";
    }

    @Override
    String lost() {
        return before.size() + " served model file(s) not restored as they were";
    }

    @Override
    void after() throws IOException {
        Bench.delete(aside);
    }

    /**
     * What the platform serves: each regular file of the version {@code current} points at, by its path inside the
     * version, with its SHA-256 (empty when there is no current version). A restore brings the same files back under
     * another version directory, so paths are relative to the version and content is compared, not names alone.
     */
    static Map<String, String> served(Path modelsDir) {
        Map<String, String> files = new TreeMap<>();
        try {
            Path version = modelsDir.resolve("current").toRealPath();
            if (!Files.isDirectory(version)) {
                return files;
            }
            try (Stream<Path> walk = Files.walk(version)) {
                for (Path p : (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        ::iterator) {
                    files.put(version.relativize(p).toString(), sha256(p));
                }
            }
            return files;
        } catch (IOException | java.io.UncheckedIOException e) {
            return new TreeMap<>();
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
