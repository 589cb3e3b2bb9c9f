package org.efp.dr.failover.recovery;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.efp.dr.common.events.RecoveryAction;

/**
 * A recovery this service runs itself, as numbered steps. Steps must be safe to run again: after a crash the worker
 * re-runs the step that was in flight. {@code state} survives restarts; steps put what later steps need in it.
 */
public interface Procedure {

    Set<RecoveryAction> actions();

    List<String> steps(RecoveryJob job);

    /** Runs step {@code index}; throwing fails the recovery at that step. */
    StepOutcome run(RecoveryJob job, int index, Map<String, String> state) throws Exception;

    /** Undoes what steps before {@code failedIndex} did; returns what was undone (empty: nothing to undo). */
    default List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        return List.of();
    }

    /** The error a failed step reports (and the alert people get). */
    default String failure(String step, String cause) {
        return step + " failed: " + cause;
    }

    default Completion completion(RecoveryJob job, Map<String, String> state) {
        return Completion.plain();
    }
}
