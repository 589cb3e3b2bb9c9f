package org.efp.dr.backup.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.events.BackupKind;

/**
 * What a backup holds, written to S3 after every object it lists: a backup without its manifest is incomplete
 * and never used. Checksums are SHA-256 (hex) of the stored bytes; {@code files} lists archive members.
 */
public record Manifest(int formatVersion, String backupId, String target, BackupKind kind, Instant startedAt,
        Instant completedAt, Instant consistentAt, Instant expiresAt, String compression, long sizeBytes,
        long compressedBytes, List<ManifestObject> objects, Map<String, Long> tableRowCounts,
        List<ManifestFile> files, WalRange wal, Map<String, String> toolVersions, String source) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        objects = objects == null ? List.of() : List.copyOf(objects);
        tableRowCounts = tableRowCounts == null ? Map.of() : Map.copyOf(tableRowCounts);
        files = files == null ? List.of() : List.copyOf(files);
        toolVersions = toolVersions == null ? Map.of() : Map.copyOf(toolVersions);
    }

    /** One stored object: key, size and checksum of the bytes in S3, and what it is. */
    public record ManifestObject(String key, long sizeBytes, String sha256, String role) {
    }

    /** One file inside an archive: its path in the archive, size and checksum of its content. */
    public record ManifestFile(String path, long sizeBytes, String sha256) {
    }

    /** The WAL a backup needs or covers: timeline and LSN range, and the first/last segment names. */
    public record WalRange(int timeline, String startLsn, String endLsn, String firstSegment, String lastSegment) {
    }
}
