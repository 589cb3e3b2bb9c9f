package org.efp.dr.backup.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.job.BackupContext;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.job.JobResult;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.backup.storage.Compressor;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.common.events.BackupKind;

/**
 * Packs directories (the guide's /models, /metadata, /configs) into one tar, zstd-compressed and streamed to S3,
 * recording every file's size and SHA-256 so a restore can check each file. Symbolic links are not followed:
 * only regular files are archived, under "<directory name>/<relative path>".
 */
@ApplicationScoped
public class ArchiveJob implements BackupJob {

    public static final String OBJECT = "archive.tar.zst";

    private final BackupSettings settings;
    private final Compressor compressor;

    public ArchiveJob(BackupSettings settings, Compressor compressor) {
        this.settings = settings;
        this.compressor = compressor;
    }

    /** Models (with their metadata) and configs: the same archive of different directories. */
    @Override
    public Set<BackupKind> kinds() {
        return Set.of(BackupKind.MODELS, BackupKind.CONFIGS);
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        List<Path> roots = List.copyOf(context.kind() == BackupKind.MODELS ? settings.backup().modelPaths()
                : settings.backup().configPaths());
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IOException("directory to back up does not exist: " + root);
            }
        }
        Instant consistentAt = Instant.now();
        List<Manifest.ManifestFile> files = new ArrayList<>();
        Compressor.Uploaded uploaded = compressor.upload(context.key(OBJECT), out -> writeTar(out, roots, files),
                context.progress());
        StoredObject object = uploaded.object();
        return new JobResult(List.of(new Manifest.ManifestObject(object.key(), object.sizeBytes(), object.sha256(),
                Compressor.role("tar", uploaded))), uploaded.rawBytes(), consistentAt, Map.of(), Map.of(), files, null,
                Map.of("archiver", "commons-compress tar", "compression", compressor.describe()),
                roots.toString(), Manifest.Encryption.ofKey(uploaded.encryptionKeyId()));
    }

    private static void writeTar(OutputStream out, List<Path> roots, List<Manifest.ManifestFile> files)
            throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path root : roots) {
                List<Path> regular;
                try (Stream<Path> walk = Files.walk(root)) {
                    regular = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
                }
                for (Path file : regular) {
                    String name = root.getFileName() + "/" + root.relativize(file).toString().replace('\\', '/');
                    TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
                    tar.putArchiveEntry(entry);
                    MessageDigest digest = sha256();
                    long size;
                    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                        size = in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                    files.add(new Manifest.ManifestFile(name, size, HexFormat.of().formatHex(digest.digest())));
                }
            }
            tar.finish();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
