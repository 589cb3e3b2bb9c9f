package org.efp.dr.restore.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.common.events.Require;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.storage.BackupCandidates;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.Steps;
import org.efp.dr.restore.job.VerifiedBackup;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.restore.storage.SafeTarExtractor;
import org.jboss.logging.Logger;

/**
 * Restores model artifacts (a MODELS backup): the archive is downloaded and checked against its manifest, extracted
 * safely into a new version directory, every file checked against the manifest's SHA-256, and only then is
 * {@code current} switched to it; the version it replaced stays as {@code previous}.
 */
@ApplicationScoped
public class ModelRestore {

    public static final List<String> STEPS = List.of("select backup", "download and verify checksums", "extract",
            "verify model integrity", "switch version");

    private static final Logger LOG = Logger.getLogger(ModelRestore.class);

    private final ServedModels served;

    private final BackupStore store;
    private final RestoreSettings.Restore config;
    private final Clock clock;
    private final DegradedBackups degradedBackups;

    public ModelRestore(BackupStore store, RestoreSettings settings, Clock clock, DegradedBackups degradedBackups,
            ServedModels served) {
        this.served = served;
        this.degradedBackups = degradedBackups;
        this.store = store;
        this.config = settings.restore();
        this.clock = clock;
    }

    public List<Manifest> candidates(RestoreRequest request) {
        return BackupCandidates.select(store.complete("models/"), request.backupId(), request.pointInTime());
    }

    /** The served version when it breaches a threshold now: its name, the breach, and its files with their SHA-256. */
    record Degraded(String version, String breach, Map<String, String> files) {
    }

    /**
     * The candidates of a restore into the live directory: a backup holding exactly the files of a served version that
     * is degraded now cannot recover it (a bad version deployed before the last model backup is in that backup), so
     * it is passed over for the newest one that differs, and so is a backup whose restored version degraded when it
     * was watched before. A backup named by the request is restored as asked.
     */
    List<Manifest> candidates(RestoreRequest request, Optional<Degraded> degraded) {
        List<Manifest> found = candidates(request);
        if (request.backupId() != null) {
            return found;
        }
        Set<String> knownBad = degradedBackups.all();
        List<Manifest> all = found.stream().filter(m -> !knownBad.contains(m.backupId())).toList();
        if (all.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.NO_BACKUP, "every model backup degraded when it was "
                    + "last restored (" + String.join(", ", found.stream().map(Manifest::backupId).toList())
                    + "): restore one by its backup id, or back up a good version");
        }
        if (all.size() < found.size()) {
            LOG.warnf("model backups passed over: %d degraded when last restored; newest other %s",
                    found.size() - all.size(), all.get(0).backupId());
        }
        if (degraded.isEmpty()) {
            return all;
        }
        List<Manifest> others = withoutServed(all, degraded.get().files());
        if (others.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.NO_BACKUP, "every model backup holds the served "
                    + "version " + degraded.get().version() + ", which is degraded (" + degraded.get().breach()
                    + "): restore an older version by its backup id or deploy a good one");
        }
        if (others.size() < all.size()) {
            LOG.warnf("model backups passed over: %d hold the degraded served version %s (%s); newest other %s",
                    all.size() - others.size(), degraded.get().version(), degraded.get().breach(),
                    others.get(0).backupId());
        }
        return others;
    }

    /** The manifests whose file listing (names and SHA-256) is not exactly {@code served}. */
    static List<Manifest> withoutServed(List<Manifest> manifests, Map<String, String> served) {
        return manifests.stream().filter(m -> !files(m).equals(served)).toList();
    }

    private static Map<String, String> files(Manifest m) {
        Map<String, String> files = new TreeMap<>();
        m.files().forEach(f -> files.put(SafeTarExtractor.name(f.path()), f.sha256().toLowerCase(Locale.ROOT)));
        return files;
    }

    /** The version {@code current} points at in {@code models}, when it breaches a threshold now. */
    private Optional<Degraded> degradedServed(Path models) throws IOException {
        Optional<ServedModels.Served> now = ServedModels.read(models);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        RestoreSettings.Monitor monitor = config.models().monitor();
        Optional<String> breach = new PredictionWatch(monitor, PredictionWatch.prometheus(monitor), clock)
                .breachNow(now.get().version());
        return breach.map(b -> new Degraded(now.get().version(), b, now.get().files()));
    }

    /** Restores into the configured models directory (the live one); requests cannot name another. */
    public RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception {
        return restore(request, steps, config.modelsDir(), true);
    }

    /**
     * Restores into {@code modelsDir}; {@code live} says whether that directory is the one served (a drill's
     * scratch directory is not), so switching it is what touches the live model.
     */
    public RestoreOutcome restore(RestoreRequest request, Steps steps, Path modelsDir, boolean live)
            throws Exception {
        Path models = Files.createDirectories(modelsDir.toAbsolutePath().normalize());
        Path work = Scratch.jobDir(config.workDir(), "jobs", steps.jobId());
        steps.scratch(Scratch.dir(work));
        Path archive = work.resolve("archive.tar.zst");
        Optional<Degraded> degraded = live ? degradedServed(models) : Optional.empty();
        Manifest chosen = VerifiedBackup.select(steps, () -> candidates(request, degraded), m -> {
            checkedId(m);
            Manifest.ManifestObject object = m.objects().stream().findFirst().orElseThrow(() ->
                    new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH, "no archive object"));
            ensureSpace(work, models, object.sizeBytes(), rules(m).listedTotalBytes());
            Files.deleteIfExists(archive);
            // The stored bytes (decrypted, still compressed) go to disk as they are checked; nothing is
            // decompressed before the object's SHA-256 matched, and never more than the manifest says it holds.
            store.readVerified(m, object, in -> {
                try (InputStream capped = SafeTarExtractor.capped(in, Math.max(0, object.sizeBytes()));
                        OutputStream out = Files.newOutputStream(archive, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    capped.transferTo(out);
                }
            });
        }, "model backup");
        SafeTarExtractor.Rules rules = rules(chosen).rules();
        Path version = newVersionDir(models, chosen.backupId());
        steps.scratch(Scratch.dir(version));
        List<String> written = steps.run("extract", () -> {
            // Every header is checked before anything is written: links, devices, FIFOs, unlisted or oversized
            // entries and escaping names are refused with the version directory still empty.
            int files;
            try (InputStream in = new ZstdInputStream(Files.newInputStream(archive))) {
                files = SafeTarExtractor.check(in, rules);
            }
            try (InputStream in = new ZstdInputStream(Files.newInputStream(archive))) {
                List<String> extracted = SafeTarExtractor.extract(in, version, rules);
                steps.detail(files + " files into " + version);
                return extracted;
            }
        });
        steps.run("verify model integrity", () -> {
            steps.detail(verify(version, chosen, written));
            return null;
        });
        // Restoring exactly what was last seen served loses nothing older than that look: that is the recovery point.
        Instant lastSeen = live ? served.lastSeenServing(files(chosen)).filter(at -> at.isAfter(chosen.dataAsOf()))
                .orElse(null) : null;
        steps.run("switch version", () -> {
            if (live) {
                steps.touchingLive();
            }
            var before = ModelSwitch.switchTo(models, version);
            steps.detail("current -> " + models.relativize(version)
                    + before.map(p -> ", previous -> " + p).orElse("") + (lastSeen == null ? ""
                            : "; the files are those last seen served at " + lastSeen + ": nothing older lost"));
            return null;
        });
        steps.keep(Scratch.dir(version));
        return new RestoreOutcome(chosen.backupId(), lastSeen != null ? lastSeen : chosen.dataAsOf(),
                chosen.compressedBytes(), "models " + version);
    }

    /** A manifest's backup id names the version directory, so it must be a plain identifier. */
    private static void checkedId(Manifest m) {
        try {
            Require.id(m.backupId(), "backupId");
        } catch (IllegalArgumentException e) {
            throw new RestoreException(RestoreException.Reason.UNSAFE_ARCHIVE, "manifest refused: " + e.getMessage());
        }
    }

    /** The manifest's file listing with the configured caps. */
    private Listing rules(Manifest m) {
        java.util.Map<String, Long> listed = new java.util.HashMap<>();
        long total = 0;
        for (Manifest.ManifestFile file : m.files()) {
            String name = SafeTarExtractor.name(file.path());
            if (file.sizeBytes() < 0 || listed.put(name, file.sizeBytes()) != null) {
                throw new RestoreException(RestoreException.Reason.UNSAFE_ARCHIVE, "manifest of " + m.backupId()
                        + " lists " + file.path() + " twice or with a negative size");
            }
            total = SafeTarExtractor.saturatingAdd(total, file.sizeBytes());
        }
        RestoreSettings.ModelLimits limits = config.models();
        return new Listing(new SafeTarExtractor.Rules(limits.maxEntries(), limits.maxEntryBytes(),
                limits.maxTotalBytes(), limits.maxNameLength(), listed), total);
    }

    private record Listing(SafeTarExtractor.Rules rules, long listedTotalBytes) {
    }

    /** Refuses a restore the disks cannot hold: the download in the work directory, the files in the models one. */
    static void ensureSpace(Path work, Path models, long download, long files) throws IOException {
        FileStore workStore = Files.getFileStore(work);
        FileStore modelStore = Files.getFileStore(models);
        boolean same = workStore.equals(modelStore);
        long needModels = SafeTarExtractor.saturatingAdd(files, same ? download : 0);
        if (!same && workStore.getUsableSpace() < download) {
            throw new RestoreException(RestoreException.Reason.INSUFFICIENT_SPACE, "the download needs " + download
                    + " bytes, " + work + " has " + workStore.getUsableSpace() + " usable");
        }
        if (modelStore.getUsableSpace() < needModels) {
            throw new RestoreException(RestoreException.Reason.INSUFFICIENT_SPACE, "the model files need "
                    + needModels + " bytes, " + models + " has " + modelStore.getUsableSpace() + " usable");
        }
    }

    private static Path newVersionDir(Path modelsDir, String backupId) throws Exception {
        Path versions = modelsDir.resolve("versions");
        if (!Files.exists(versions, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(versions);
        }
        if (!Files.isDirectory(versions, LinkOption.NOFOLLOW_LINKS)
                || !versions.toRealPath().startsWith(modelsDir.toRealPath())) {
            throw new IOException(versions + " is not a directory inside " + modelsDir);
        }
        String id = Require.id(backupId, "backupId");
        Path dir = versions.resolve(id);
        for (int n = 2; Files.exists(dir, LinkOption.NOFOLLOW_LINKS); n++) {
            dir = versions.resolve(id + "-" + n);
        }
        return Files.createDirectory(dir);
    }

    /** Every manifest file present with its SHA-256, and nothing else. */
    static String verify(Path version, Manifest manifest, List<String> written) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (Manifest.ManifestFile file : manifest.files()) {
            expected.add(SafeTarExtractor.name(file.path()));
            Path path = SafeTarExtractor.inside(version, file.path());
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(file.path() + " missing");
                continue;
            }
            String actual = ServedModels.sha256(path);
            if (!actual.equalsIgnoreCase(file.sha256())) {
                problems.add(file.path() + " sha256 " + actual + " differs from " + file.sha256());
            }
        }
        written.stream().filter(w -> !expected.contains(SafeTarExtractor.name(w))).forEach(w -> problems.add(w + " not in the manifest"));
        if (manifest.files().isEmpty()) {
            problems.add("the manifest lists no files");
        }
        if (!problems.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                    "model files do not match the manifest: " + String.join("; ", problems));
        }
        return manifest.files().size() + " files match their SHA-256";
    }
}
