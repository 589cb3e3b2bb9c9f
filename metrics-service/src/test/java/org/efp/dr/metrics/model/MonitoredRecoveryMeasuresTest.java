package org.efp.dr.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.junit.jupiter.api.Test;

class MonitoredRecoveryMeasuresTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = START.plusSeconds(1200);

    @Test
    void aSucceededRecoveryStillBeingMonitoredDoesNotCountYet() {
        // When
        IncidentMeasures measures = measure(run("rec-1", RecoveryRun.PENDING));

        // Then
        assertThat(measures.state()).isEqualTo(IncidentMeasures.MONITORING);
        assertThat(measures.monitoring()).isEqualTo("PENDING");
        assertThat(measures.timeToRecoverSeconds()).isNull();
        assertThat(measures.dataLossSeconds()).isNull();
    }

    @Test
    void aRecoveryWhoseMonitoringPassedCountsFromItsCompletion() {
        // When
        IncidentMeasures measures = measure(run("rec-1", RecoveryRun.PASSED));

        // Then
        assertThat(measures.state()).isEqualTo(IncidentMeasures.RECOVERED);
        assertThat(measures.monitoring()).isEqualTo("PASSED");
        assertThat(measures.timeToRecoverSeconds()).isEqualTo(900);
    }

    @Test
    void aRecoveryWhoseMonitoringFailedLeavesTheIncidentOpenAsFailedUntilAnotherPasses() {
        // Given
        RecoveryRun failed = run("rec-1", RecoveryRun.FAILED);

        // When
        IncidentMeasures onlyFailed = measure(failed);
        IncidentMeasures thenPassed = measure(failed, run("rec-2", RecoveryRun.PASSED));

        // Then
        assertThat(onlyFailed.state()).isEqualTo(IncidentMeasures.RECOVERY_FAILED);
        assertThat(onlyFailed.monitoring()).isEqualTo("FAILED");
        assertThat(onlyFailed.timeToRecoverSeconds()).isNull();
        assertThat(thenPassed.state()).isEqualTo(IncidentMeasures.RECOVERED);
        assertThat(thenPassed.monitoring()).isEqualTo("PASSED");
    }

    @Test
    void aRecoveryNotMonitoredCountsAsSoonAsItSucceeded() {
        // When
        IncidentMeasures measures = measure(run("rec-1", null));

        // Then
        assertThat(measures.state()).isEqualTo(IncidentMeasures.RECOVERED);
        assertThat(measures.monitoring()).isNull();
    }

    private static RecoveryRun run(String id, String monitoring) {
        return new RecoveryRun(id, "api", START.plusSeconds(300), START.plusSeconds(900), RecoveryStatus.SUCCEEDED,
                START.plusSeconds(900), 0L, monitoring);
    }

    private static IncidentMeasures measure(RecoveryRun... runs) {
        Incident incident = new Incident("inc-1", "api", Severity.HIGH, START, START.plusSeconds(60), List.of(runs));
        return IncidentMeasures.of(incident, Optional.empty(), NOW);
    }
}
