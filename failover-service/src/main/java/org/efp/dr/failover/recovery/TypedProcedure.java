package org.efp.dr.failover.recovery;

import java.util.List;
import java.util.Map;

import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepProcedure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.common.jobs.StepStates;

/**
 * A {@link Procedure} written as a {@link StepProcedure}: an enum of steps over a state record. The worker still
 * sees step names ({@link StepProcedure#label}) and the persisted string map; this class reads the record from the
 * map before each step and writes the step's new state back into it, so the job row keeps its format and a job
 * taken over after a crash resumes from the typed state saved with the last step.
 */
public abstract class TypedProcedure<E extends Enum<E>, S extends Record>
        implements Procedure, StepProcedure<RecoveryJob, E, S> {

    @Override
    public List<String> steps(RecoveryJob job) {
        return plan(job).stream().map(StepProcedure::label).toList();
    }

    @Override
    public StepOutcome run(RecoveryJob job, int index, Map<String, String> state) throws Exception {
        StepResult<S> result;
        try {
            result = step(job, plan(job).get(index), state(state));
        } catch (StepFailure failure) {
            StepStates.write(stateType().cast(failure.state()), state);
            throw failure.getCause();
        }
        StepStates.write(result.state(), state);
        return result.waiting() ? StepOutcome.waitFor(result.waitingFor(), result.waitUntil(), result.detail())
                : StepOutcome.done(result.detail());
    }

    @Override
    public List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        return undo(job, plan(job).get(failedIndex), state(state), error);
    }

    @Override
    public Completion completion(RecoveryJob job, Map<String, String> state) {
        return complete(job, state(state));
    }

    /** What a successful recovery reports, from the state its last step left. */
    protected Completion complete(RecoveryJob job, S state) {
        return Completion.plain();
    }

    /** The state record {@code persisted} holds. */
    protected S state(Map<String, String> persisted) {
        return StepStates.read(persisted, stateType());
    }
}
