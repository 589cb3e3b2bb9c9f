package org.efp.dr.restore.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a backup holds, as backup-service writes it next to the backup's objects; only the fields restores use.
 * Checksums are SHA-256 hex of the stored (compressed) object, and of each archived file's content; a FULL backup
 * also has each table's row count and, for small tables, a content checksum ({@code TableContent}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int formatVersion, String backupId, String target, String kind, Instant startedAt,
        Instant completedAt, Instant consistentAt, long sizeBytes, long compressedBytes, List<StoredObject> objects,
        Map<String, Long> tableRowCounts, Map<String, String> tableChecksums, List<ArchivedFile> files,
        WalRange wal) {

    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        objects = objects == null ? List.of() : List.copyOf(objects);
        tableRowCounts = tableRowCounts == null ? Map.of() : Map.copyOf(tableRowCounts);
        tableChecksums = tableChecksums == null ? Map.of() : Map.copyOf(tableChecksums);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One stored object. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StoredObject(String key, long sizeBytes, String sha256, String role) {
    }

    /** One file inside an archive. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArchivedFile(String path, long sizeBytes, String sha256) {
    }

    /** The WAL range a base backup needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WalRange(int timeline, String startLsn, String endLsn, String firstSegment, String lastSegment) {
    }

    /** The instant the backup's data reflects. */
    public Instant dataAsOf() {
        return consistentAt != null ? consistentAt : completedAt;
    }
}
