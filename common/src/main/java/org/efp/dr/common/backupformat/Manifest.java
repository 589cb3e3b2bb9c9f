package org.efp.dr.common.backupformat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.events.BackupKind;

/**
 * The backup format's manifest: what a backup holds, written by backup-service to S3 after every object it lists
 * (and after its signature, see {@link ManifestSigner}), read by restore-service; a backup without its manifest is
 * incomplete and never used. Field names are the wire contract: additive evolution only (readers ignore unknown
 * fields). Checksums are SHA-256 (hex) of the stored bytes (encrypted bytes, when encrypted), so they
 * verify without the key; {@code files} lists archive members. A FULL backup also holds each table's exact row
 * count and, for tables small enough, a content checksum ({@code TableContent}), both from the dump's snapshot.
 */
public record Manifest(int formatVersion, String backupId, String target, BackupKind kind, Instant startedAt,
        Instant completedAt, Instant consistentAt, Instant expiresAt, String compression, long sizeBytes,
        long compressedBytes, List<ManifestObject> objects, Map<String, Long> tableRowCounts,
        Map<String, String> tableChecksums, List<ManifestFile> files, WalRange wal, Map<String, String> toolVersions,
        String source, Encryption encryption) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = BackupKeys.MANIFEST;

    public Manifest {
        objects = objects == null ? List.of() : List.copyOf(objects);
        tableRowCounts = tableRowCounts == null ? Map.of() : Map.copyOf(tableRowCounts);
        tableChecksums = tableChecksums == null ? Map.of() : Map.copyOf(tableChecksums);
        files = files == null ? List.of() : List.copyOf(files);
        toolVersions = toolVersions == null ? Map.of() : Map.copyOf(toolVersions);
    }

    /** One stored object: key, size and checksum of the bytes in S3, and what it is. */
    public record ManifestObject(String key, long sizeBytes, String sha256, String role) {
    }

    /** One file inside an archive: its path in the archive, size and checksum of its content. */
    public record ManifestFile(String path, long sizeBytes, String sha256) {
    }

    /**
     * Client-side encryption of the backup's objects (absent: stored as compressed only). {@code keyId} is the
     * key needed to read them; an incremental spanning a key rotation lists every key id, comma-separated.
     */
    public record Encryption(String algorithm, String keyId) {

        /** The encryption of objects sealed with {@code keyId} (null: not encrypted, null). */
        public static Encryption ofKey(String keyId) {
            return keyId == null ? null : new Encryption(ObjectCipher.ALGORITHM, keyId);
        }

        /** The encryption of objects sealed with {@code keyIds} (none: null). */
        public static Encryption of(Collection<String> keyIds) {
            List<String> ids = keyIds.stream().filter(Objects::nonNull).distinct().sorted().toList();
            return ids.isEmpty() ? null : new Encryption(ObjectCipher.ALGORITHM, String.join(",", ids));
        }
    }

    /** The instant the backup's data reflects. */
    public Instant dataAsOf() {
        return consistentAt != null ? consistentAt : completedAt;
    }

    /** Whether the manifest says its objects are encrypted (then a plaintext object is refused). */
    public boolean encrypted() {
        return encryption != null;
    }

    /** The WAL a backup needs or covers: timeline and LSN range, and the first/last segment names. */
    public record WalRange(int timeline, String startLsn, String endLsn, String firstSegment, String lastSegment) {
    }
}
