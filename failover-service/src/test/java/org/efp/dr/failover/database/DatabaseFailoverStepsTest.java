package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.junit.jupiter.api.Test;

/** The failover's step order, rollback decisions and state handling, without a database. */
class DatabaseFailoverStepsTest {

    private static final String OLD = "jdbc:postgresql://10.0.0.1:5432/energy_forecast";
    private static final String CANDIDATE = "jdbc:postgresql://10.0.0.2:5432/energy_forecast";

    private final List<String> lifted = new ArrayList<>();
    private final DatabaseConfig config = new TestDatabaseConfig();
    private final Fencer fencer = new Fencer(null, config, null) {
        @Override
        public boolean fenceOnline(String url) {
            return true;
        }

        @Override
        public boolean unfenceOnline(String url) {
            lifted.add(url);
            return true;
        }
    };
    private final DatabaseFailoverProcedure procedure = new DatabaseFailoverProcedure(null, null, fencer, null,
            config, SeedConfig.load(null, Map.of()), null);

    /** Nodes that refuse every connection. */
    private final PgNodes unreachable = new PgNodes("postgres", Optional.empty(), config) {
        @Override
        public Connection connect(String url) throws SQLException {
            throw new SQLException("connection refused");
        }
    };

    private static RecoveryJob job(boolean dryRun) {
        return new RecoveryJob("rec-1", "inc-1", "database", RecoveryAction.DATABASE_FAILOVER, "energy_forecast",
                dryRun, Map.of(), RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null, null);
    }

    private static FailoverState fencedOnline() {
        return FailoverState.empty().chosen(CANDIDATE, OLD, 0, 0, null).withFencedOnline();
    }

    @Test
    void theStepsKeepTheNamesEventsAndTheApiShow() {
        // Given
        RecoveryJob job = job(false);

        // When
        List<String> steps = procedure.steps(job);

        // Then
        assertThat(steps).containsExactly("verify-standby", "fence-old-primary", "promote",
                "update-connection-strings", "verify-writes", "repoint-replicas");
    }

    @Test
    void aFailureBeforeAnyPromotionLiftsTheOldPrimarysReadOnlyFence() {
        // Given
        FailoverState state = fencedOnline();

        // When
        List<String> undone = procedure.undo(job(false), DatabaseFailoverProcedure.Step.PROMOTE, state,
                "promote failed");

        // Then
        assertThat(undone).containsExactly("old primary " + OLD + " accepts writes again");
        assertThat(lifted).containsExactly(OLD);
    }

    @Test
    void anAttemptedPromotionKeepsTheOldPrimaryFenced() {
        // Given
        FailoverState state = fencedOnline().withPromotionAttempted();

        // When
        List<String> undone = procedure.undo(job(false), DatabaseFailoverProcedure.Step.PROMOTE, state,
                "promote failed: promotion outcome unknown");

        // Then
        assertThat(undone).isEmpty();
        assertThat(lifted).isEmpty();
    }

    @Test
    void aFailureAfterThePromotionStepUndoesNothing() {
        // Given
        FailoverState state = fencedOnline();

        // When
        List<String> undone = procedure.undo(job(false), DatabaseFailoverProcedure.Step.VERIFY_WRITES, state,
                "verify-writes failed");

        // Then
        assertThat(undone).isEmpty();
        assertThat(lifted).isEmpty();
    }

    @Test
    void anOldPrimaryStoppedByTheRemoteFenceIsLeftToItsHost() {
        // Given
        FailoverState state = fencedOnline().fenced(FenceOutcome.hard("stopped with a standby.signal"));

        // When
        List<String> undone = procedure.undo(job(false), DatabaseFailoverProcedure.Step.PROMOTE, state,
                "promote failed");

        // Then
        assertThat(undone).singleElement().asString().contains("was stopped with a standby.signal",
                "remove standby.signal");
        assertThat(lifted).isEmpty();
    }

    @Test
    void theRollbackSeesTheStateAsPersistedByAnEarlierVersion() {
        // Given: string flags as the map-based procedure stored them
        Map<String, String> persisted = Map.of("oldPrimary", OLD, "candidate", CANDIDATE, "fencedOnline", "true",
                "promotionAttempted", "true");

        // When
        List<String> undone = procedure.rollback(job(false), DatabaseFailoverProcedure.STEPS.indexOf("promote"),
                persisted, "promote failed");

        // Then
        assertThat(undone).isEmpty();
        assertThat(lifted).isEmpty();
    }

    @Test
    void aCompletionFromStateSavedBeforeACrashReportsTheLossAndNoRecoveryPoint() {
        // Given: the state an older instance saved, with an empty recovery point
        Map<String, String> persisted = Map.of("candidate", CANDIDATE, "oldPrimary", OLD, "lagMs", "2500",
                "recoveredTo", "");

        // When
        Completion done = procedure.completion(job(false), persisted);

        // Then
        assertThat(done.restoredFrom()).isEqualTo(CANDIDATE);
        assertThat(done.recoveredTo()).isNull();
        assertThat(done.dataLossSeconds()).isEqualTo(2);
        assertThat(done.nextSteps()).singleElement().asString().contains("DATABASE_REJOIN", OLD);
    }

    @Test
    void aDryRunOnlySaysWhatEachLaterStepWouldDo() throws Exception {
        // Given
        Map<String, String> state = new HashMap<>(Map.of("candidate", CANDIDATE, "oldPrimary", ""));

        // When
        StepOutcome promote = procedure.run(job(true), DatabaseFailoverProcedure.STEPS.indexOf("promote"), state);

        // Then
        assertThat(promote.detail()).isEqualTo("dry run: would promote (candidate " + CANDIDATE
                + ", old primary )");
        assertThat(procedure.completion(job(true), state).nextSteps()).containsExactly(
                "dry run only: nothing changed");
    }

    @Test
    void anOldPrimaryMadeReadOnlyBeforeTheSwitchoverFailedAcceptsWritesAgain() {
        // Given: a switchover whose old primary answers (made read-only) but cannot be asked how far its WAL is
        DatabaseFailoverProcedure switchover = new DatabaseFailoverProcedure(null, unreachable, fencer, null, config,
                SeedConfig.load(null, Map.of()), null);
        RecoveryJob job = new RecoveryJob("rec-2", "inc-2", "database", RecoveryAction.DATABASE_SWITCHOVER,
                "energy_forecast", false, Map.of(), RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null,
                null);
        Map<String, String> state = new HashMap<>(Map.of("candidate", CANDIDATE, "oldPrimary", OLD));
        int fence = DatabaseFailoverProcedure.STEPS.indexOf("fence-old-primary");
        assertThatThrownBy(() -> switchover.run(job, fence, state)).isInstanceOf(SQLException.class)
                .hasMessage("connection refused");

        // When
        List<String> undone = switchover.rollback(job, fence, state, "fence-old-primary failed");

        // Then
        assertThat(state).containsEntry("fencedOnline", "true");
        assertThat(undone).containsExactly("old primary " + OLD + " accepts writes again");
        assertThat(lifted).containsExactly(OLD);
    }
}
