package org.efp.dr.backup.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.wal.WalSegments;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.events.BackupKind;

/**
 * Which archived WAL of one database cluster may be deleted at {@code now}: every segment (and partial segment)
 * before the WAL start of the oldest base backup or incremental that retention keeps. Like
 * {@code pg_archivecleanup}, segments are compared by position regardless of timeline, and timeline history files
 * are always kept. Without a retained base backup, or when a retained backup's WAL range is unknown, nothing is
 * deleted: the archive may then be the only way back.
 */
public final class WalRetention {

    private static final Pattern WAL_FILE = Pattern.compile("([0-9A-F]{24})(\\.partial)?\\.zst");

    private WalRetention() {
    }

    /**
     * What to do with one WAL archive: the first segment kept ({@code cutoff}, null when everything is kept and
     * {@code reason} says why), and the keys to delete and to keep.
     */
    public record Plan(String target, String cutoff, List<String> delete, List<String> keep, String reason) {
    }

    /**
     * @param backups every catalog entry (retention decides which are kept at {@code now})
     * @param walRanges the WAL range of each retained BASE and INCREMENTAL backup of {@code target}, by backup id
     * @param archivedKeys the keys under {@code prefix}
     */
    public static Plan plan(String target, List<CatalogEntry> backups, Map<String, Manifest.WalRange> walRanges,
            String prefix, List<String> archivedKeys, Instant now) {
        Set<String> deletable = RetentionPolicy.deletable(backups, now);
        List<CatalogEntry> needWal = backups.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETED && b.target().equals(target)
                        && !deletable.contains(b.backupId())
                        && (b.kind() == BackupKind.BASE || b.kind() == BackupKind.INCREMENTAL))
                .toList();
        if (needWal.stream().noneMatch(b -> b.kind() == BackupKind.BASE)) {
            return keepAll(target, archivedKeys, "no retained base backup of " + target
                    + ": without one the WAL archive is kept whole");
        }
        String cutoff = null;
        for (CatalogEntry backup : needWal) {
            Manifest.WalRange range = walRanges.get(backup.backupId());
            if (range == null || range.firstSegment() == null || !WalSegments.isSegment(range.firstSegment())) {
                return keepAll(target, archivedKeys, "the WAL range of retained backup " + backup.backupId()
                        + " is unknown: the WAL archive is kept whole");
            }
            if (cutoff == null || WalSegments.number(range.firstSegment()) < WalSegments.number(cutoff)) {
                cutoff = range.firstSegment();
            }
        }
        long first = WalSegments.number(cutoff);
        List<String> delete = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        for (String key : archivedKeys) {
            Matcher m = key.startsWith(prefix) ? WAL_FILE.matcher(key.substring(prefix.length())) : null;
            if (m != null && m.matches() && WalSegments.number(m.group(1)) < first) {
                delete.add(key);
            } else {
                keep.add(key);
            }
        }
        return new Plan(target, cutoff, List.copyOf(delete), List.copyOf(keep), "segments before " + cutoff
                + ", the WAL start of the oldest retained base or incremental backup, are no longer needed");
    }

    private static Plan keepAll(String target, List<String> archivedKeys, String reason) {
        return new Plan(target, null, List.of(), List.copyOf(archivedKeys), reason);
    }
}
