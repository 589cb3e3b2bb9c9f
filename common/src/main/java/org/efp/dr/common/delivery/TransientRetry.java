package org.efp.dr.common.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;

import org.efp.dr.common.events.PoisonEventException;
import org.jboss.logging.Logger;

/**
 * Runs one record's handling again while it fails for a reason that passes by itself (the database restarting or
 * unreachable, a serialization failure or deadlock, a lock or statement timeout), with exponential backoff up to a
 * budget, before letting the failure send the record to the dead-letter topic. A poison record or any other failure
 * (a bug, a record the handler refuses) is not retried: it would fail the same way. The consumer waits meanwhile,
 * which keeps the partition's order.
 */
public final class TransientRetry {

    /** SQLState classes and codes that pass: connection (08), serialization/deadlock (40001, 40P01), lock not
     * available (55P03), statement cancelled by timeout (57014), server shutting down (57P01-57P03), resources (53). */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014", "57P01", "57P02",
            "57P03");
    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    /** Waits between attempts (the real one sleeps; tests pass one that records). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Pause pause;

    public TransientRetry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Pause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.pause = pause;
    }

    /** Runs {@code work}; the last failure is thrown once the attempts are used up or when it is not transient. */
    public void run(String what, Runnable work) {
        Duration backoff = firstBackoff;
        for (int attempt = 1;; attempt++) {
            try {
                work.run();
                if (attempt > 1) {
                    LOG.infof("%s succeeded on attempt %d", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (!isTransient(e) || attempt >= maxAttempts) {
                    if (attempt > 1) {
                        throw new IllegalStateException(what + " still failing after " + attempt + " attempts: "
                                + e.getMessage(), e);
                    }
                    throw e;
                }
                LOG.warnf("%s failed transiently (attempt %d of %d), retrying in %d ms: %s", what, attempt,
                        maxAttempts, backoff.toMillis(), e.getMessage());
                try {
                    pause.pause(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Whether a failure passes by itself: a database or connection condition anywhere in its causes. */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof PoisonEventException) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException) {
                return false;
            }
            if (t instanceof SQLTransientException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || TRANSIENT_STATES.contains(state)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
