package org.efp.dr.failover.recovery;

import java.time.Instant;

/** How a step ended: done with a detail, or waiting for something until {@code waitUntil}. */
public record StepOutcome(String detail, Instant waitUntil, String waitingFor) {

    public static StepOutcome done(String detail) {
        return new StepOutcome(detail, null, null);
    }

    public static StepOutcome waitFor(String waitingFor, Instant until, String detail) {
        return new StepOutcome(detail, until, waitingFor);
    }

    public boolean waiting() {
        return waitUntil != null;
    }
}
