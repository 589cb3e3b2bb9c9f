package org.efp.dr.backup.retention;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.common.events.BackupKind;

/**
 * Which completed backups may be deleted at {@code now}: those past their expiry, except the newest good backup
 * of each target and kind (never left with nothing to restore) and any base backup that a retained incremental
 * backup still builds on.
 */
public final class RetentionPolicy {

    private RetentionPolicy() {
    }

    public static Set<String> deletable(List<CatalogEntry> backups, Instant now) {
        List<CatalogEntry> completed = backups.stream().filter(b -> b.status() == BackupStatus.COMPLETED).toList();
        Set<String> keep = new HashSet<>();
        Map<String, Optional<CatalogEntry>> newest = completed.stream().collect(Collectors.groupingBy(
                b -> b.target() + "/" + b.kind(), Collectors.maxBy(Comparator.comparing(CatalogEntry::consistentAt))));
        newest.values().forEach(b -> b.ifPresent(e -> keep.add(e.backupId())));
        completed.stream()
                .filter(b -> b.kind() == BackupKind.INCREMENTAL && !expired(b, now))
                .forEach(incremental -> completed.stream()
                        .filter(b -> b.kind() == BackupKind.BASE && b.target().equals(incremental.target())
                                && !b.consistentAt().isAfter(incremental.consistentAt()))
                        .max(Comparator.comparing(CatalogEntry::consistentAt))
                        .ifPresent(base -> keep.add(base.backupId())));
        return completed.stream()
                .filter(b -> expired(b, now) && !keep.contains(b.backupId()))
                .map(CatalogEntry::backupId)
                .collect(Collectors.toSet());
    }

    /**
     * The incremental backups among {@code completed} (all still kept) that build on {@code base}: those whose newest
     * base backup of the same target at or before their consistency point is {@code base}.
     */
    public static List<String> dependents(List<CatalogEntry> completed, CatalogEntry base) {
        if (base.kind() != BackupKind.BASE) {
            return List.of();
        }
        return completed.stream()
                .filter(b -> b.kind() == BackupKind.INCREMENTAL && b.target().equals(base.target())
                        && b.consistentAt() != null)
                .filter(incremental -> completed.stream()
                        .filter(b -> b.kind() == BackupKind.BASE && b.target().equals(incremental.target())
                                && b.consistentAt() != null && !b.consistentAt().isAfter(incremental.consistentAt()))
                        .max(Comparator.comparing(CatalogEntry::consistentAt))
                        .map(b -> b.backupId().equals(base.backupId())).orElse(false))
                .map(CatalogEntry::backupId)
                .sorted()
                .toList();
    }

    /** Whether {@code backup} is the newest completed backup of its target and kind in {@code completed}. */
    public static boolean isNewest(List<CatalogEntry> completed, CatalogEntry backup) {
        return completed.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETED && b.target().equals(backup.target())
                        && b.kind() == backup.kind() && b.consistentAt() != null)
                .max(Comparator.comparing(CatalogEntry::consistentAt))
                .map(b -> b.backupId().equals(backup.backupId())).orElse(false);
    }

    private static boolean expired(CatalogEntry backup, Instant now) {
        return backup.expiresAt() != null && !backup.expiresAt().isAfter(now);
    }
}
