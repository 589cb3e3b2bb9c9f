package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.junit.jupiter.api.Test;

/**
 * The failover's step order, rollback decisions and state handling: what it decides without asking any node. The
 * procedure has no nodes and no fencer, so a case that reached one would fail; handing a node back is
 * {@link PromotionRollbackIT}'s, against a real PostgreSQL server.
 */
class DatabaseFailoverStepsTest {

    private static final String OLD = "jdbc:postgresql://10.0.0.1:5432/energy_forecast";
    private static final String CANDIDATE = "jdbc:postgresql://10.0.0.2:5432/energy_forecast";

    private final DatabaseFailoverProcedure procedure = new DatabaseFailoverProcedure(null, null, null, null,
            new TestDatabaseConfig(), SeedConfig.load(null, Map.of()), null);

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
        DatabaseFailoverProcedure.Handback handback = DatabaseFailoverProcedure.handback(
                DatabaseFailoverProcedure.Step.PROMOTE, state);

        // Then
        assertThat(handback).isEqualTo(DatabaseFailoverProcedure.Handback.LIFT_READ_ONLY);
    }

    @Test
    void anOldPrimaryThatWasNeverFencedIsLeftAsItIs() {
        // Given
        FailoverState state = FailoverState.empty().chosen(CANDIDATE, OLD, 0, 0, null);

        // When
        DatabaseFailoverProcedure.Handback handback = DatabaseFailoverProcedure.handback(
                DatabaseFailoverProcedure.Step.FENCE_OLD_PRIMARY, state);

        // Then
        assertThat(handback).isEqualTo(DatabaseFailoverProcedure.Handback.NOTHING);
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
}
