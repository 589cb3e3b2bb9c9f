package org.efp.dr.metrics.model;

import java.time.Instant;

import org.efp.dr.common.events.RecoveryStatus;

/**
 * One recovery attempt of an incident, as far as its events have told; unknown values are null. {@code monitoring}
 * is the state of the checks after it completed ({@link #PENDING}, {@link #PASSED}, {@link #FAILED}; null when it
 * was not monitored). {@code completedAt} is when the component served again: a recovery that watches what it
 * restored before it completes (a restored model) says when that was, and the RTO ends there.
 */
public record RecoveryRun(String recoveryId, String component, Instant startedAt, Instant completedAt,
        RecoveryStatus status, Instant recoveredTo, Long dataLossSeconds, String monitoring) {

    public static final String PENDING = "PENDING";
    public static final String PASSED = "PASSED";
    public static final String FAILED = "FAILED";

    /** A run not (yet) monitored. */
    public RecoveryRun(String recoveryId, String component, Instant startedAt, Instant completedAt,
            RecoveryStatus status, Instant recoveredTo, Long dataLossSeconds) {
        this(recoveryId, component, startedAt, completedAt, status, recoveredTo, dataLossSeconds, null);
    }

    /** Succeeded and, if monitored, its monitoring passed: the incident is recovered by it. */
    public boolean counts() {
        return succeeded() && (monitoring == null || PASSED.equals(monitoring));
    }

    /** Succeeded, its monitoring still running. */
    public boolean monitoringPending() {
        return succeeded() && PENDING.equals(monitoring);
    }

    public boolean succeeded() {
        return status == RecoveryStatus.SUCCEEDED && completedAt != null;
    }

    public boolean ended() {
        return status != null && completedAt != null;
    }
}
