package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The guide's {@code monitor_recovery()} for one completed recovery: the signals checked after it (service health,
 * data integrity, model performance, API latency, error rates), each with its value, threshold and verdict, and the
 * outcome once the checks passed ({@code PASSED}) or the monitoring window ended without them passing
 * ({@code FAILED}). A recovery counts as completed only once its monitoring passed.
 */
public record RecoveryMonitored(String incidentId, String recoveryId, String component, String verdict,
        int attempts, Instant startedAt, Instant completedAt, List<Signal> signals) implements MetricsEvent {

    /** Monitoring passed: every signal is in bounds. */
    public static final String PASSED = "PASSED";
    /** The window ended with a signal out of bounds, without data, or not measurable. */
    public static final String FAILED = "FAILED";

    public RecoveryMonitored {
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.text(verdict, "verdict");
        if (!PASSED.equals(verdict) && !FAILED.equals(verdict)) {
            throw new IllegalArgumentException("verdict must be PASSED or FAILED: " + Require.abbreviate(verdict));
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
        signals = Require.list(signals);
    }

    /**
     * One checked signal. {@code verdict}: {@code PASSED}, {@code FAILED} (out of bounds), {@code NO_DATA} (nothing
     * to judge, e.g. a query without samples: never a pass) or {@code ERROR} (could not be measured). {@code value}
     * and {@code threshold} are in the signal's unit (seconds, a ratio, a count), null when there is none.
     */
    public record Signal(String name, String verdict, Double value, Double threshold, String detail) {

        public static final String NO_DATA = "NO_DATA";
        public static final String ERROR = "ERROR";

        public Signal {
            Require.name(name, "name");
            Require.text(verdict, "verdict");
            if (detail != null) {
                Require.text(detail, "detail", 2000);
            }
        }

        public boolean passed() {
            return PASSED.equals(verdict);
        }
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
