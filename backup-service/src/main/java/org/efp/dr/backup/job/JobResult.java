package org.efp.dr.backup.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.backupformat.Manifest;

/**
 * What a job produced, for the manifest. {@code sizeBytes} is before compression; {@code encryption} may be null;
 * {@code tableChecksums} covers the tables small enough to checksum (see {@code TableContent}).
 */
public record JobResult(List<Manifest.ManifestObject> objects, long sizeBytes, Instant consistentAt,
        Map<String, Long> tableRowCounts, Map<String, String> tableChecksums, List<Manifest.ManifestFile> files,
        Manifest.WalRange wal, Map<String, String> toolVersions, String source, Manifest.Encryption encryption) {

    public JobResult {
        tableChecksums = tableChecksums == null ? Map.of() : Map.copyOf(tableChecksums);
    }

    public long compressedBytes() {
        return objects.stream().mapToLong(Manifest.ManifestObject::sizeBytes).sum();
    }
}
