package org.efp.dr.common.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * How a step ended, with the state it leaves: done with a detail, or waiting for {@code waitingFor} until
 * {@code waitUntil} (the step then runs again).
 */
public record StepResult<S extends Record>(S state, String detail, Instant waitUntil, String waitingFor) {

    public StepResult {
        Objects.requireNonNull(state, "state");
        if ((waitUntil == null) != (waitingFor == null)) {
            throw new IllegalArgumentException("waitUntil and waitingFor go together");
        }
    }

    public static <S extends Record> StepResult<S> done(S state, String detail) {
        return new StepResult<>(state, detail, null, null);
    }

    public static <S extends Record> StepResult<S> waitFor(S state, String waitingFor, Instant until, String detail) {
        return new StepResult<>(state, detail, Objects.requireNonNull(until, "until"),
                Objects.requireNonNull(waitingFor, "waitingFor"));
    }

    public boolean waiting() {
        return waitUntil != null;
    }
}
