package org.efp.dr.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeEstimateTest {

    private static final long MB = 1_000_000L;

    @Test
    void theSizeOnDiskIsScaledByWhatThePreviousBackupReadOfIt() {
        // Given: the previous dump read 570 MB of a 1000 MB database, which is 1050 MB now
        Long previousSource = 1000 * MB;
        Long previousRead = 570 * MB;

        // When
        Long estimate = SizeEstimate.of(1050 * MB, previousSource, previousRead);

        // Then: 57 % of today's size, not the size on disk
        assertThat(estimate).isEqualTo(598_500_000L);
    }

    @Test
    void withoutAPreviousBackupTheSizeOnDiskIsTheEstimate() {
        // When / Then
        assertThat(SizeEstimate.of(1050 * MB, null, null)).isEqualTo(1050 * MB);
    }

    @Test
    void aPreviousBackupWithoutARecordedSourceSizeIsNotACalibration() {
        // Given: a backup taken before source sizes were recorded, or known from its manifest only
        Long previousRead = 570 * MB;

        // When / Then
        assertThat(SizeEstimate.of(1050 * MB, null, previousRead)).isEqualTo(1050 * MB);
        assertThat(SizeEstimate.of(1050 * MB, 0L, previousRead)).isEqualTo(1050 * MB);
    }

    @Test
    void aRatioOfZeroIsIgnored() {
        // When / Then
        assertThat(SizeEstimate.of(1050 * MB, 1000 * MB, 0L)).isEqualTo(1050 * MB);
    }

    @Test
    void aRatioAboveTheLargestPlausibleIsClampedToIt() {
        // Given: a previous backup that read five times its source's size
        Long previousSource = 1000 * MB;
        Long previousRead = 5000 * MB;

        // When
        Long estimate = SizeEstimate.of(1000 * MB, previousSource, previousRead);

        // Then
        assertThat(estimate).isEqualTo(1500 * MB);
    }

    @Test
    void aRatioBelowTheSmallestPlausibleIsClampedToIt() {
        // When
        Long estimate = SizeEstimate.of(1000 * MB, 1000 * MB, 1 * MB);

        // Then
        assertThat(estimate).isEqualTo(50 * MB);
    }

    @Test
    void theRatioOfANearlyEmptyDatabaseDoesNotApplyToALargeOne() {
        // Given: the previous backup read 200 kB of an 8 MB database, mostly catalogs; it holds 270 MB now
        Long previousSource = 8 * MB;
        Long previousRead = 200_000L;

        // When
        Long estimate = SizeEstimate.of(270 * MB, previousSource, previousRead);

        // Then
        assertThat(estimate).isEqualTo(270 * MB);
    }

    @Test
    void aDatabaseThatAtMostDoubledKeepsItsRatio() {
        // When / Then
        assertThat(SizeEstimate.of(2000 * MB, 1000 * MB, 600 * MB)).isEqualTo(1200 * MB);
        assertThat(SizeEstimate.of(500 * MB, 1000 * MB, 600 * MB)).isEqualTo(300 * MB);
        assertThat(SizeEstimate.of(2001 * MB, 1000 * MB, 600 * MB)).isEqualTo(2001 * MB);
    }

    @Test
    void whenNothingIsMeasuredThePreviousBackupsBytesAreTheEstimate() {
        // When / Then
        assertThat(SizeEstimate.of(null, 1000 * MB, 570 * MB)).isEqualTo(570 * MB);
        assertThat(SizeEstimate.of(0L, null, 570 * MB)).isEqualTo(570 * MB);
    }

    @Test
    void withNothingMeasuredAndNoPreviousBackupTheTotalIsUnknown() {
        // When / Then
        assertThat(SizeEstimate.of(null, null, null)).isNull();
    }
}
