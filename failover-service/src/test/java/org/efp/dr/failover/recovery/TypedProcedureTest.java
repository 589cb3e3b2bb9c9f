package org.efp.dr.failover.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepResult;
import org.junit.jupiter.api.Test;

class TypedProcedureTest {

    enum Step {
        FIND_NODE, TOUCH_NODE, CHECK_NODE
    }

    record State(String node, int touched, boolean halfDone) {
    }

    /** Finds a node, touches it (failing on the second touch after half of it), waits once at the check. */
    static class Touching extends TypedProcedure<Step, State> {

        final Map<Step, Integer> runs = new HashMap<>();

        @Override
        public Set<RecoveryAction> actions() {
            return Set.of(RecoveryAction.DATABASE_REJOIN);
        }

        @Override
        public List<Step> plan(RecoveryJob job) {
            return List.of(Step.values());
        }

        @Override
        public Class<State> stateType() {
            return State.class;
        }

        @Override
        public StepResult<State> step(RecoveryJob job, Step step, State state) throws Exception {
            runs.merge(step, 1, Integer::sum);
            return switch (step) {
                case FIND_NODE -> StepResult.done(new State("db-1", 0, false), "found db-1");
                case TOUCH_NODE -> {
                    if (state.touched() > 0) {
                        throw new StepFailure(new State(state.node(), state.touched(), true),
                                new IllegalStateException("touched twice"));
                    }
                    yield StepResult.done(new State(state.node(), 1, false), "touched " + state.node());
                }
                case CHECK_NODE -> runs.get(step) == 1
                        ? StepResult.waitFor(state, "db-1-ready", Instant.parse("2026-12-03T10:00:00Z"), "not yet")
                        : StepResult.done(state, "checked");
            };
        }

        @Override
        public List<String> undo(RecoveryJob job, Step failed, State state, String error) {
            return state.halfDone() ? List.of("untouched " + state.node() + " after " + failed) : List.of();
        }

        @Override
        protected Completion complete(RecoveryJob job, State state) {
            return new Completion(state.node(), null, null, List.of("touched " + state.touched()));
        }
    }

    private static RecoveryJob job() {
        return new RecoveryJob("rec-1", "inc-1", "database", RecoveryAction.DATABASE_REJOIN, null, false, Map.of(),
                RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null, null);
    }

    @Test
    void theWorkerSeesTheStepsByTheirHyphenatedNames() {
        // Given
        Touching procedure = new Touching();

        // When
        List<String> steps = procedure.steps(job());

        // Then
        assertThat(steps).containsExactly("find-node", "touch-node", "check-node");
    }

    @Test
    void eachStepLeavesItsStateInThePersistedMapForTheNext() throws Exception {
        // Given
        Touching procedure = new Touching();
        Map<String, String> persisted = new HashMap<>();

        // When
        procedure.run(job(), 0, persisted);
        StepOutcome touched = procedure.run(job(), 1, persisted);

        // Then
        assertThat(touched.detail()).isEqualTo("touched db-1");
        assertThat(persisted).containsEntry("node", "db-1").containsEntry("touched", "1");
    }

    @Test
    void aJobTakenOverAfterACrashResumesFromTheSavedState() throws Exception {
        // Given: a map as another instance saved it after the first step
        Touching procedure = new Touching();
        Map<String, String> saved = new HashMap<>(Map.of("node", "db-7"));

        // When
        StepOutcome touched = procedure.run(job(), 1, saved);

        // Then
        assertThat(touched.detail()).isEqualTo("touched db-7");
        assertThat(procedure.runs).doesNotContainKey(Step.FIND_NODE);
    }

    @Test
    void aFailedStepReportsItsOwnErrorAndKeepsWhatItLearnedForTheRollback() {
        // Given
        Touching procedure = new Touching();
        Map<String, String> persisted = new HashMap<>(Map.of("node", "db-1", "touched", "1"));

        // When
        assertThatThrownBy(() -> procedure.run(job(), 1, persisted)).isInstanceOf(IllegalStateException.class)
                .hasMessage("touched twice");

        // Then
        assertThat(persisted).containsEntry("halfDone", "true");
        assertThat(procedure.rollback(job(), 1, persisted, "touch-node failed")).containsExactly(
                "untouched db-1 after TOUCH_NODE");
    }

    @Test
    void aWaitingStepBecomesAWaitingOutcome() throws Exception {
        // Given
        Touching procedure = new Touching();
        Map<String, String> persisted = new HashMap<>(Map.of("node", "db-1", "touched", "1"));

        // When
        StepOutcome outcome = procedure.run(job(), 2, persisted);

        // Then
        assertThat(outcome.waiting()).isTrue();
        assertThat(outcome.waitingFor()).isEqualTo("db-1-ready");
        assertThat(outcome.waitUntil()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
    }

    @Test
    void theCompletionReadsTheFinalState() {
        // Given
        Touching procedure = new Touching();

        // When
        Completion done = procedure.completion(job(), Map.of("node", "db-1", "touched", "1"));

        // Then
        assertThat(done.restoredFrom()).isEqualTo("db-1");
        assertThat(done.nextSteps()).containsExactly("touched 1");
    }
}
