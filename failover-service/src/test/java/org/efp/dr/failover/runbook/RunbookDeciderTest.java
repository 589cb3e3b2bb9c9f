package org.efp.dr.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.database.StandbyStatus;
import org.junit.jupiter.api.Test;

class RunbookDeciderTest {

    private final RunbookDecider decider = new RunbookDecider(Duration.ofMinutes(1), 1_000_000);
    private final RunbookFile runbook = RunbookFile.load(null);

    private static StandbyStatus standby(long bytes, Duration lag) {
        return new StandbyStatus("jdbc:postgresql://s/db", true, true, bytes, lag, null);
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
