package org.efp.dr.failover.recovery;

import java.time.Instant;
import java.util.Map;

import org.efp.dr.common.events.RecoveryAction;

/** A recovery this service runs, as persisted: the worker resumes it at {@code nextStep} after a restart. */
public record RecoveryJob(String recoveryId, String incidentId, String component, RecoveryAction action,
        String target, boolean dryRun, Map<String, String> parameters, String status, int nextStep,
        Map<String, String> state, String requestedBy, Instant createdAt, Instant startedAt, String error) {

    public static final String PENDING = "PENDING";
    public static final String RUNNING = "RUNNING";
    public static final String WAITING = "WAITING";

    public RecoveryJob {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        state = state == null ? Map.of() : Map.copyOf(state);
    }

    public String parameter(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }
}
