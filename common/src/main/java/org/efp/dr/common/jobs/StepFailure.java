package org.efp.dr.common.jobs;

import java.util.Objects;

/**
 * A step that failed after it learned something its rollback needs (a promotion was attempted, a node was fenced):
 * the engine keeps {@link #state()} and then reports {@link #getCause()} as the step's failure.
 */
public final class StepFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Record state;

    public StepFailure(Record state, Exception cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
        this.state = Objects.requireNonNull(state, "state");
    }

    /** The state as the step left it when it failed. */
    public Record state() {
        return state;
    }

    @Override
    public synchronized Exception getCause() {
        return (Exception) super.getCause();
    }
}
