package org.efp.dr.restore.models;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.database.BackupCandidates;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.Steps;
import org.efp.dr.restore.job.VerifiedBackup;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.common.backupformat.Manifest;

/**
 * Restores model artifacts (a MODELS backup): the archive is downloaded and checked against its manifest, extracted
 * safely into a new version directory, every file checked against the manifest's SHA-256, and only then is
 * {@code current} switched to it; the version it replaced stays as {@code previous}.
 */
@ApplicationScoped
public class ModelRestore {

    public static final List<String> STEPS = List.of("select backup", "download and verify checksums", "extract",
            "verify model integrity", "switch version");

    private final BackupStore store;
    private final RestoreSettings.Restore config;

    public ModelRestore(BackupStore store, RestoreSettings settings) {
        this.store = store;
        this.config = settings.restore();
    }

    public List<Manifest> candidates(RestoreRequest request) {
        return BackupCandidates.select(store.complete("models/"), request.backupId(), request.pointInTime());
    }

    public RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception {
        Path modelsDir = Files.createDirectories(Path.of(request.parameter("modelsDir", config.modelsDir().toString()))
                .toAbsolutePath());
        Path work = Files.createDirectories(config.workDir().resolve("jobs").resolve(steps.jobId()));
        steps.scratch(Scratch.dir(work));
        Path archive = work.resolve("archive.tar");
        Manifest chosen = VerifiedBackup.select(steps, () -> candidates(request), m -> {
            Manifest.ManifestObject object = m.objects().stream().findFirst().orElseThrow(() ->
                    new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH, "no archive object"));
            store.readVerified(m, object, in -> {
                try (InputStream z = new ZstdInputStream(in); OutputStream out = Files.newOutputStream(archive)) {
                    z.transferTo(out);
                }
            });
        }, "model backup");
        Path version = newVersionDir(modelsDir, chosen.backupId());
        steps.scratch(Scratch.dir(version));
        List<String> written = steps.run("extract", () -> {
            try (InputStream in = Files.newInputStream(archive)) {
                List<String> files = SafeTarExtractor.extract(in, version);
                steps.detail(files.size() + " files into " + version);
                return files;
            }
        });
        steps.run("verify model integrity", () -> {
            steps.detail(verify(version, chosen, written));
            return null;
        });
        steps.run("switch version", () -> {
            var before = ModelSwitch.switchTo(modelsDir, version);
            steps.detail("current -> " + modelsDir.relativize(version)
                    + before.map(p -> ", previous -> " + p).orElse(""));
            return null;
        });
        steps.keep(Scratch.dir(version));
        return new RestoreOutcome(chosen.backupId(), chosen.dataAsOf(), chosen.compressedBytes(),
                "models " + version);
    }

    private static Path newVersionDir(Path modelsDir, String backupId) throws Exception {
        Path versions = Files.createDirectories(modelsDir.resolve("versions"));
        Path dir = versions.resolve(backupId);
        for (int n = 2; Files.exists(dir); n++) {
            dir = versions.resolve(backupId + "-" + n);
        }
        return Files.createDirectory(dir);
    }

    /** Every manifest file present with its SHA-256, and nothing else. */
    static String verify(Path version, Manifest manifest, List<String> written) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (Manifest.ManifestFile file : manifest.files()) {
            expected.add(file.path());
            Path path = SafeTarExtractor.inside(version, file.path(), file.path());
            if (!Files.isRegularFile(path)) {
                problems.add(file.path() + " missing");
                continue;
            }
            MessageDigest sha = BackupStore.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equalsIgnoreCase(file.sha256())) {
                problems.add(file.path() + " sha256 " + actual + " differs from " + file.sha256());
            }
        }
        written.stream().filter(w -> !expected.contains(w)).forEach(w -> problems.add(w + " not in the manifest"));
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
