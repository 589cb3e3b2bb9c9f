package org.efp.dr.notifier.dispatch;

import java.time.Duration;
import java.util.Optional;

/**
 * When a delivery that failed for a passing reason (SMTP down, webhook 503, the channel's circuit open) is tried
 * again: after {@code firstBackoff}, doubling per round up to {@code maxBackoff}, for as long as the message is younger
 * than {@code giveUpAfter}. A notification during a disaster must not be lost to a mail server that restarts.
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter) {

    public RetryPolicy {
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0
                || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be positive, max >= first, give-up >= 0: "
                    + firstBackoff + ", " + maxBackoff + ", " + giveUpAfter);
        }
    }

    /**
     * The wait before round {@code round + 1} (rounds counted from 1), or empty when the delivery, {@code age} old,
     * should be given up.
     */
    public Optional<Duration> nextDelay(int round, Duration age) {
        if (age.compareTo(giveUpAfter) >= 0) {
            return Optional.empty();
        }
        int doublings = Math.min(Math.max(round - 1, 0), 30);
        Duration delay = firstBackoff.multipliedBy(1L << doublings);
        return Optional.of(delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay);
    }
}
