package org.efp.dr.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.wal.WalSegments;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.events.BackupKind;
import org.junit.jupiter.api.Test;

class WalRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String EF = "energy_forecast";
    private static final String PREFIX = "wal/energy_forecast/";

    private static CatalogEntry backup(String id, String target, BackupKind kind, int daysAgo, Duration retention) {
        Instant at = NOW.minus(Duration.ofDays(daysAgo));
        return new CatalogEntry(id, target, kind, BackupStatus.COMPLETED, null, null, "scheduler", id + "/",
                "s3://b/" + id + "/manifest.json", 1L, 1L, "a".repeat(64), 1, at, at, at, at, at, at.plus(retention),
                null, null, null);
    }

    private static Manifest.WalRange range(int timeline, long first, long last) {
        return new Manifest.WalRange(timeline, "0/0", "0/0", WalSegments.name(timeline, first),
                WalSegments.name(timeline, last));
    }

    private static String segment(int timeline, long number) {
        return PREFIX + WalSegments.name(timeline, number) + ".zst";
    }

    private static String partial(int timeline, long number) {
        return PREFIX + WalSegments.name(timeline, number) + ".partial.zst";
    }

    @Test
    void segmentsBeforeTheOldestRetainedBaseBackupAreDeletedAndTheRestKept() {
        // Given: base-40 expired (30 days), base-20 kept, an incremental on top of it, a logical dump
        List<CatalogEntry> backups = List.of(
                backup("base-40", EF, BackupKind.BASE, 40, Duration.ofDays(30)),
                backup("base-20", EF, BackupKind.BASE, 20, Duration.ofDays(30)),
                backup("inc-10", EF, BackupKind.INCREMENTAL, 10, Duration.ofDays(7)),
                backup("inc-1", EF, BackupKind.INCREMENTAL, 1, Duration.ofDays(7)),
                backup("full-1", EF, BackupKind.FULL, 1, Duration.ofDays(30)));
        Map<String, Manifest.WalRange> ranges = Map.of("base-20", range(1, 0x20, 0x21),
                "inc-10", range(1, 0x22, 0x25), "inc-1", range(1, 0x26, 0x28));
        List<String> archive = List.of(segment(1, 0x10), segment(1, 0x1E), segment(1, 0x1F), partial(1, 0x1F),
                segment(1, 0x20), segment(1, 0x21), segment(1, 0x25), partial(1, 0x28),
                PREFIX + "00000001.history.zst", PREFIX + "notes.txt");

        // When
        WalRetention.Plan plan = WalRetention.plan(EF, backups, ranges, PREFIX, archive, NOW);

        // Then: base-40 has expired, so the WAL from 0x10 goes; base-20 needs it from 0x20 on
        assertThat(plan.cutoff()).isEqualTo(WalSegments.name(1, 0x20));
        assertThat(plan.delete()).containsExactlyInAnyOrder(segment(1, 0x10), segment(1, 0x1E), segment(1, 0x1F),
                partial(1, 0x1F));
        assertThat(plan.keep()).containsExactlyInAnyOrder(segment(1, 0x20), segment(1, 0x21), segment(1, 0x25),
                partial(1, 0x28), PREFIX + "00000001.history.zst", PREFIX + "notes.txt");
    }

    @Test
    void walOfABaseBackupKeptForARetainedIncrementalIsKept() {
        // Given: base-35 is past its expiry but inc-31, still retained, builds on it
        List<CatalogEntry> backups = List.of(
                backup("base-35", EF, BackupKind.BASE, 35, Duration.ofDays(30)),
                backup("inc-31", EF, BackupKind.INCREMENTAL, 31, Duration.ofDays(40)),
                backup("base-2", EF, BackupKind.BASE, 2, Duration.ofDays(30)));
        Map<String, Manifest.WalRange> ranges = Map.of("base-35", range(1, 0x05, 0x06),
                "inc-31", range(1, 0x07, 0x09), "base-2", range(1, 0x30, 0x31));
        List<String> archive = List.of(segment(1, 0x04), segment(1, 0x05), segment(1, 0x08), segment(1, 0x30));

        // When
        WalRetention.Plan plan = WalRetention.plan(EF, backups, ranges, PREFIX, archive, NOW);

        // Then
        assertThat(plan.cutoff()).isEqualTo(WalSegments.name(1, 0x05));
        assertThat(plan.delete()).containsExactly(segment(1, 0x04));
        assertThat(plan.keep()).containsExactly(segment(1, 0x05), segment(1, 0x08), segment(1, 0x30));
    }

    @Test
    void segmentsOfAnyTimelineBeforeTheCutoffAreDeletedAsPgArchivecleanupDoes() {
        // Given: a promotion moved the cluster to timeline 2 at segment 0x18; the base backup is on timeline 2
        List<CatalogEntry> backups = List.of(backup("base-3", EF, BackupKind.BASE, 3, Duration.ofDays(30)));
        Map<String, Manifest.WalRange> ranges = Map.of("base-3", range(2, 0x1A, 0x1B));
        List<String> archive = List.of(segment(1, 0x17), partial(1, 0x18), segment(2, 0x18), segment(2, 0x19),
                segment(2, 0x1A), segment(2, 0x1B), PREFIX + "00000002.history.zst");

        // When
        WalRetention.Plan plan = WalRetention.plan(EF, backups, ranges, PREFIX, archive, NOW);

        // Then
        assertThat(plan.delete()).containsExactlyInAnyOrder(segment(1, 0x17), partial(1, 0x18), segment(2, 0x18),
                segment(2, 0x19));
        assertThat(plan.keep()).containsExactlyInAnyOrder(segment(2, 0x1A), segment(2, 0x1B),
                PREFIX + "00000002.history.zst");
    }

    @Test
    void withoutABaseBackupTheWholeArchiveIsKeptAndTheReasonSaid() {
        // Given: only logical dumps of the database, and a base backup of another one
        List<CatalogEntry> backups = List.of(
                backup("full-1", EF, BackupKind.FULL, 1, Duration.ofDays(30)),
                backup("ts-base", "timeseries", BackupKind.BASE, 1, Duration.ofDays(30)));
        List<String> archive = List.of(segment(1, 1), segment(1, 2));

        // When
        WalRetention.Plan plan = WalRetention.plan(EF, backups, Map.of("ts-base", range(1, 5, 6)), PREFIX, archive,
                NOW);

        // Then
        assertThat(plan.cutoff()).isNull();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.keep()).containsExactlyElementsOf(archive);
        assertThat(plan.reason()).contains("no retained base backup of energy_forecast");
    }

    @Test
    void aRetainedBackupWhoseWalRangeIsUnknownKeepsTheWholeArchive() {
        // Given: base-2's manifest could not be read
        List<CatalogEntry> backups = List.of(
                backup("base-20", EF, BackupKind.BASE, 20, Duration.ofDays(30)),
                backup("base-2", EF, BackupKind.BASE, 2, Duration.ofDays(30)));
        List<String> archive = List.of(segment(1, 1), segment(1, 0x40));

        // When
        WalRetention.Plan plan = WalRetention.plan(EF, backups, Map.of("base-20", range(1, 0x40, 0x41)), PREFIX,
                archive, NOW);

        // Then
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.reason()).contains("base-2").contains("kept whole");
    }
}
