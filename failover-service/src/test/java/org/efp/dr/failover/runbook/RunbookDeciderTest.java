package org.efp.dr.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.Severity;
import org.efp.dr.failover.database.StandbyStatus;
import org.junit.jupiter.api.Test;

class RunbookDeciderTest {

    private final RunbookDecider decider = new RunbookDecider(Duration.ofMinutes(1), 1_000_000);
    private final RunbookFile runbook = RunbookFile.load(null);

    private static StandbyStatus standby(long bytes, Duration lag) {
        return new StandbyStatus("jdbc:postgresql://s/db", true, true, bytes, lag, true, Duration.ofMillis(300), null);
    }

    @Test
    void aStandbyWhoseWalReceiverStoppedLongAgoIsNotWithinTheRpoHoweverSmallItsByteLag() {
        // Given: nothing left to replay, but its receiver last heard from a primary ten minutes ago
        StandbyStatus silent = new StandbyStatus("jdbc:postgresql://s/db", true, true, 0, Duration.ZERO, false,
                Duration.ofMinutes(10), null);

        // When
        Decision d = decider.decide(runbook.entryFor("database"), () -> silent);

        // Then
        assertThat(d.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
        assertThat(d.reason()).contains("last heard from a primary 600000 ms ago");
    }

    @Test
    void primaryLostWithNoStandbyWithinTheRpoBuildsANewPrimaryInsteadOfRestoringIntoTheLostOne() {
        // Given
        StandbyStatus none = StandbyStatus.unusable(null, "no reachable standby");

        // When
        Decision lost = decider.decide(runbook.entryFor("database"), () -> none, true);
        Decision answering = decider.decide(runbook.entryFor("database"), () -> none, false);
        Decision withStandby = decider.decide(runbook.entryFor("database"), () -> standby(0, Duration.ZERO), true);

        // Then
        assertThat(lost.action()).isEqualTo(RecoveryAction.DATABASE_REBUILD);
        assertThat(lost.runsHere()).isFalse();
        assertThat(lost.reason()).contains("BASE backup and the WAL archive");
        assertThat(answering.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
        assertThat(withStandby.action()).isEqualTo(RecoveryAction.DATABASE_FAILOVER);
    }

    @Test
    void aStandbyNeverSeenStreamingIsNotWithinTheRpo() {
        // Given
        StandbyStatus unknown = new StandbyStatus("jdbc:postgresql://s/db", true, true, 0, Duration.ZERO, false,
                null, null);

        // When
        Decision d = decider.decide(runbook.entryFor("database"), () -> unknown);

        // Then
        assertThat(d.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
    }

    @Test
    void warningsOnlyNotifyByDefaultAndCriticalIncidentsAct() {
        // Given
        RunbookFile.Entry api = runbook.entryFor("api");

        // When / Then
        assertThat(runbook.actsOn(api, Severity.MEDIUM)).isFalse();
        assertThat(runbook.actsOn(api, Severity.LOW)).isFalse();
        assertThat(runbook.actsOn(api, Severity.HIGH)).isTrue();
        assertThat(runbook.actsOn(api, Severity.CRITICAL)).isTrue();
    }

    @Test
    void databaseFailsOverToAStandbyWithinTheRpo() {
        Decision d = decider.decide(runbook.entryFor("database"), () -> standby(100, Duration.ofSeconds(2)));
        assertThat(d.action()).isEqualTo(RecoveryAction.DATABASE_FAILOVER);
        assertThat(d.runsHere()).isTrue();
    }

    @Test
    void databaseIsRestoredWhenTheStandbyLagsBeyondTheRpo() {
        Decision d = decider.decide(runbook.entryFor("database"), () -> standby(100, Duration.ofMinutes(5)));
        assertThat(d.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
        assertThat(d.runsHere()).isFalse();
    }

    @Test
    void databaseIsRestoredWhenTheStandbyIsTooFarBehindInBytes() {
        Decision d = decider.decide(runbook.entryFor("database"), () -> standby(5_000_000, Duration.ZERO));
        assertThat(d.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
    }

    @Test
    void databaseIsRestoredWhenNoStandbyAnswers() {
        Decision d = decider.decide(runbook.entryFor("database"), () -> StandbyStatus.unusable(null, "none"));
        assertThat(d.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
    }

    @Test
    void guideScenariosAreTheDefaultPlans() {
        assertThat(decider.decide(runbook.entryFor("ml-models"), () -> null).action())
                .isEqualTo(RecoveryAction.RESTORE_MODELS);
        assertThat(decider.decide(runbook.entryFor("api"), () -> null).action()).isEqualTo(RecoveryAction.RESTART);
        assertThat(decider.decide(runbook.entryFor("cache"), () -> null).target()).isEqualTo("redis");
        assertThat(decider.decide(runbook.entryFor("region"), () -> null).action())
                .isEqualTo(RecoveryAction.REGION_FAILOVER);
        assertThat(decider.decide(runbook.entryFor("everything"), () -> null).action())
                .isEqualTo(RecoveryAction.SYSTEM_RECOVERY);
        assertThat(decider.decide(runbook.entryFor("unknown"), () -> null).acts()).isFalse();
        assertThat(runbook.systemRecovery()).extracting(RunbookFile.SagaStep::name)
                .containsExactly("infrastructure", "databases", "cache", "models", "services");
    }
}
