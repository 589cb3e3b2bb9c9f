package org.efp.dr.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.common.events.BackupKind;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static CatalogEntry backup(String id, String target, BackupKind kind, int daysAgo, Duration retention) {
        Instant at = NOW.minus(Duration.ofDays(daysAgo));
        return new CatalogEntry(id, target, kind, BackupStatus.COMPLETED, null, null, "scheduler", id + "/",
                "s3://b/" + id + "/manifest.json", 1L, 1L, "a".repeat(64), 1, at, at, at, at, at, at.plus(retention),
                null, null, null);
    }

    @Test
    void expiredFullBackupsAreDeletedButNotTheNewestOneOfATarget() {
        // Given: the guide's 30-day retention of full backups
        Duration days30 = Duration.ofDays(30);
        List<CatalogEntry> backups = List.of(
                backup("ef-40", "energy_forecast", BackupKind.FULL, 40, days30),
                backup("ef-31", "energy_forecast", BackupKind.FULL, 31, days30),
                backup("ef-1", "energy_forecast", BackupKind.FULL, 1, days30),
                backup("ts-45", "timeseries", BackupKind.FULL, 45, days30));

        // When
        Set<String> deletable = RetentionPolicy.deletable(backups, NOW);

        // Then: ts-45 is expired but is the only good full backup of timeseries
        assertThat(deletable).containsExactlyInAnyOrder("ef-40", "ef-31");
    }

    @Test
    void baseBackupStillNeededByARetainedIncrementalIsKept() {
        // Given: 30-day bases, 7-day incrementals
        List<CatalogEntry> backups = List.of(
                backup("base-35", "energy_forecast", BackupKind.BASE, 35, Duration.ofDays(30)),
                backup("base-32", "energy_forecast", BackupKind.BASE, 32, Duration.ofDays(30)),
                backup("inc-31", "energy_forecast", BackupKind.INCREMENTAL, 31, Duration.ofDays(40)),
                backup("base-2", "energy_forecast", BackupKind.BASE, 2, Duration.ofDays(30)),
                backup("inc-1", "energy_forecast", BackupKind.INCREMENTAL, 1, Duration.ofDays(7)));

        // When
        Set<String> deletable = RetentionPolicy.deletable(backups, NOW);

        // Then: inc-31 is retained and builds on base-32
        assertThat(deletable).containsExactly("base-35");
    }

    @Test
    void backupsWithinRetentionAndFailedOnesAreNeverSelected() {
        // Given
        CatalogEntry failed = new CatalogEntry("failed", "models", BackupKind.MODELS, BackupStatus.FAILED, null, null,
                "x", "p/", null, null, null, null, 0, NOW, NOW, NOW, NOW, null, NOW.minusSeconds(1), null, "S3", "x");
        List<CatalogEntry> backups = List.of(
                backup("m-13", "models", BackupKind.MODELS, 13, Duration.ofDays(14)),
                backup("m-15", "models", BackupKind.MODELS, 15, Duration.ofDays(14)),
                failed);

        // When
        Set<String> deletable = RetentionPolicy.deletable(backups, NOW);

        // Then
        assertThat(deletable).containsExactly("m-15");
    }

    @Test
    void aBaseBackupIsNeededByTheIncrementalsTakenAfterItUntilTheNextBase() {
        // Given
        CatalogEntry older = backup("base-10", "energy_forecast", BackupKind.BASE, 10, Duration.ofDays(30));
        CatalogEntry newer = backup("base-4", "energy_forecast", BackupKind.BASE, 4, Duration.ofDays(30));
        List<CatalogEntry> backups = List.of(older,
                backup("inc-8", "energy_forecast", BackupKind.INCREMENTAL, 8, Duration.ofDays(7)),
                backup("inc-6", "energy_forecast", BackupKind.INCREMENTAL, 6, Duration.ofDays(7)),
                newer,
                backup("inc-ts", "timeseries", BackupKind.INCREMENTAL, 8, Duration.ofDays(7)));

        // When
        List<String> needOlder = RetentionPolicy.dependents(backups, older);

        // Then: the newer base has no incrementals yet, and is the newest base of its target
        assertThat(needOlder).containsExactly("inc-6", "inc-8");
        assertThat(RetentionPolicy.dependents(backups, newer)).isEmpty();
        assertThat(RetentionPolicy.isNewest(backups, newer)).isTrue();
        assertThat(RetentionPolicy.isNewest(backups, older)).isFalse();
    }
}
