package org.efp.dr.restore.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.files.FileStamps;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.restore.storage.SafeTarExtractor;
import org.jboss.logging.Logger;

/**
 * What the live model directory serves, looked at every {@code dr.restore.models.served-sample} (15 s): the version
 * {@code current} points at and its files (names and SHA-256, named as a model backup's manifest names them; files
 * are hashed again only when a name, size or modification time changed). A model restore that brings back exactly
 * the files last seen served lost nothing but what may have changed after that look: its recovery point is the
 * look's time, not the backup's (a model backed up 12 h ago and unchanged since loses nothing). The last
 * {@value #REMEMBERED} distinct versions are remembered, so a good version replaced by a bad one and brought back
 * loses nothing older than its last look either. Kept in memory: after a restart of this service the first look
 * starts again.
 */
@ApplicationScoped
public class ServedModels {

    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    /** A version as served: its name and files (name → SHA-256). */
    public record Served(String version, Map<String, String> files) {
    }

    private record Seen(Served served, Map<String, String> fingerprint, Instant at) {
    }

    /** How many distinct served versions are remembered. */
    static final int REMEMBERED = 8;

    private final RestoreSettings config;
    private final Clock clock;
    private volatile Seen last;
    /** The versions seen before {@code last}, newest first, each at its last look. */
    private volatile List<Seen> earlier = List.of();

    public ServedModels(RestoreSettings config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${dr.restore.models.served-sample:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        try {
            Path models = config.restore().modelsDir().toAbsolutePath().normalize();
            Optional<Path> dir = versionDir(models);
            if (dir.isEmpty()) {
                return;
            }
            Map<String, String> fingerprint = fingerprint(dir.get());
            if (fingerprint.isEmpty()) {
                return;
            }
            Seen before = last;
            Instant now = clock.instant();
            if (before != null && before.fingerprint().equals(fingerprint)
                    && before.served().version().equals(dir.get().getFileName().toString())) {
                last = new Seen(before.served(), fingerprint, now);
            } else {
                Seen seen = new Seen(new Served(dir.get().getFileName().toString(), files(dir.get())), fingerprint,
                        now);
                if (before != null) {
                    List<Seen> kept = new ArrayList<>();
                    kept.add(before);
                    earlier.stream().filter(e -> !e.served().files().equals(before.served().files())
                            && !e.served().files().equals(seen.served().files())).limit(REMEMBERED - 2)
                            .forEach(kept::add);
                    earlier = List.copyOf(kept);
                }
                last = seen;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("served model not looked at: %s", e.getMessage());
        }
    }

    /**
     * When the files were last seen served exactly as {@code files} (now, or as one of the versions served before);
     * empty when they were not (or never looked).
     */
    public Optional<Instant> lastSeenServing(Map<String, String> files) {
        Seen seen = last;
        if (seen != null && seen.served().files().equals(files)) {
            return Optional.of(seen.at());
        }
        return earlier.stream().filter(e -> e.served().files().equals(files)).map(Seen::at).findFirst();
    }

    /** The version {@code current} points at in {@code models} and its files; empty when none is served. */
    static Optional<Served> read(Path models) throws IOException {
        Optional<Path> dir = versionDir(models);
        return dir.isEmpty() ? Optional.empty()
                : Optional.of(new Served(dir.get().getFileName().toString(), files(dir.get())));
    }

    /** The directory {@code current} points at, when it is inside {@code models} and exists. */
    private static Optional<Path> versionDir(Path models) throws IOException {
        Optional<Path> target = ModelSwitch.target(models.resolve(ModelSwitch.CURRENT));
        if (target.isEmpty() || target.get().getFileName() == null) {
            return Optional.empty();
        }
        Path dir = models.resolve(target.get()).normalize();
        if (!dir.startsWith(models) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path file : FileStamps.of(dir).keySet()) {
            files.put(name(file), sha256(dir.resolve(file)));
        }
        return files;
    }

    /** Names, sizes and modification times: what changes when a file does, without reading it. */
    private static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> fingerprint = new TreeMap<>();
        FileStamps.of(dir).forEach((file, stamp) -> fingerprint.put(name(file),
                stamp.size() + "@" + stamp.modifiedMillis()));
        return fingerprint;
    }

    /** A file's name relative to its version directory, as a model backup's manifest names it. */
    private static String name(Path relative) {
        return SafeTarExtractor.name(relative.toString().replace('\\', '/'));
    }

    /** The SHA-256 of a regular file (a link is not followed), as hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = BackupStore.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
