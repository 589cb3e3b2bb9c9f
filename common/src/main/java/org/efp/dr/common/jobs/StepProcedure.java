package org.efp.dr.common.jobs;

import java.util.List;
import java.util.Locale;

/**
 * A long job as an {@code enum} of steps over an immutable state {@code record}. Each step gets the state the steps
 * before it left and returns its outcome with the new state; the engine persists that state ({@link StepStates}) with
 * the step, so a job taken over after a crash re-runs the step in flight from the state saved before it. Steps must
 * therefore be safe to run again. A step that learns something and then fails reports it with {@link StepFailure}, so
 * the rollback sees it.
 *
 * @param <J> the job as persisted (its id, target, parameters)
 * @param <E> the steps
 * @param <S> the state; a flat record of strings, numbers, booleans, enums and instants
 */
public interface StepProcedure<J, E extends Enum<E>, S extends Record> {

    /** The steps {@code job} runs, in order. */
    List<E> plan(J job);

    /** The state record's type, to read it back from its persisted form. */
    Class<S> stateType();

    /** Runs {@code step}; throwing fails the job at that step. */
    StepResult<S> step(J job, E step, S state) throws Exception;

    /** Undoes what the steps before {@code failed} did; returns what was undone (empty: nothing to undo). */
    default List<String> undo(J job, E failed, S state, String error) {
        return List.of();
    }

    /** A step's name as events and APIs show it: {@code VERIFY_STANDBY} is {@code verify-standby}. */
    static String label(Enum<?> step) {
        return step.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
