package org.efp.dr.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class CompleteFailureRuleTest {

    @Test
    void theShippedRunbookSeesACompleteFailureInTheDataComponentsLostWithinTwoMinutes() {
        // When
        RunbookFile.CompleteFailure rule = RunbookFile.load(null).completeFailure();

        // Then
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.components()).containsExactlyInAnyOrder("database", "ml-models", "cache");
        assertThat(rule.withinDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rule.component()).isEqualTo("everything");
        assertThat(RunbookFile.load(null).entryFor(rule.component()).parsedPlan()).isEqualTo(Plan.SYSTEM_RECOVERY);
    }

    @Test
    void aRuleThatCouldNeverMeanAWholeFailureIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new RunbookFile.CompleteFailure(List.of("database"), "2m", null))
                .hasMessageContaining("at least two components");
        assertThatThrownBy(() -> new RunbookFile.CompleteFailure(List.of("database", "everything"), null, null))
                .hasMessageContaining("cannot be one of the components");
        assertThat(new RunbookFile.CompleteFailure(List.of(), null, null).enabled()).isFalse();
    }
}
