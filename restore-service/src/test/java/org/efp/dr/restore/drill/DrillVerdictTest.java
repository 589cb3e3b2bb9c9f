package org.efp.dr.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrillVerdictTest {

    @Test
    void verifiedRestoreWithinBothObjectivesPasses() {
        // When
        DrillVerdict verdict = DrillVerdict.of(null, 120L, 3600L, 30L, 60L, "b1");

        // Then
        assertThat(verdict.success()).isTrue();
        assertThat(verdict.error()).isNull();
    }

    @Test
    void restoreFromABackupOlderThanTheRpoFailsTheDrillNamingTheBackup() {
        // When
        DrillVerdict verdict = DrillVerdict.of(null, 120L, 3600L, 86_400L, 60L, "energy-forecast-full-1");

        // Then
        assertThat(verdict.success()).isFalse();
        assertThat(verdict.error()).isEqualTo(
                "measured RPO 86400s exceeds the objective 60s (latest good backup energy-forecast-full-1)");
    }

    @Test
    void restoreSlowerThanTheRtoFailsTheDrill() {
        // When
        DrillVerdict verdict = DrillVerdict.of(null, 4000L, 3600L, 10L, 60L, "b1");

        // Then
        assertThat(verdict.success()).isFalse();
        assertThat(verdict.error()).isEqualTo("measured RTO 4000s exceeds the objective 3600s");
    }

    @Test
    void failedRestoreFailsTheDrillWithItsReason() {
        // When
        DrillVerdict verdict = DrillVerdict.of("no complete backup", null, 3600L, null, 60L, null);

        // Then
        assertThat(verdict.success()).isFalse();
        assertThat(verdict.error()).isEqualTo("no complete backup");
    }

    @Test
    void componentWithoutABoundedRpoIsHeldToItsRtoOnly() {
        // When
        DrillVerdict verdict = DrillVerdict.of(null, 100L, 1800L, 999_999L, null, "m1");

        // Then
        assertThat(verdict.success()).isTrue();
    }
}
