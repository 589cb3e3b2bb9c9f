package org.efp.dr.restore.job;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;

/**
 * One restore asked for by an event or an operator. {@code backupId} and {@code pointInTime} both absent mean
 * "latest good"; {@code outageStartedAt} is what data loss is measured from (the request time when unknown).
 * Parameters: {@code targetDatabase} (database restored into), {@code replace} ("true" to overwrite an existing
 * one), {@code mode} ("logical" or "physical"; point-in-time requests are physical).
 */
public record RestoreRequest(String jobId, String incidentId, String component, RecoveryAction action, String target,
        String backupId, Instant pointInTime, String requestedBy, Instant requestedAt, Instant outageStartedAt,
        Map<String, String> parameters) {

    public RestoreRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedAt, "requestedAt");
        component = component == null ? "database" : component;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        outageStartedAt = outageStartedAt == null ? requestedAt : outageStartedAt;
    }

    public String parameter(String name, String fallback) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Whether the restore replays WAL into a new cluster rather than loading a logical dump. */
    public boolean physical() {
        return pointInTime != null || action == RecoveryAction.DATABASE_REBUILD
                || "physical".equalsIgnoreCase(parameters.get("mode"));
    }

    /** This request as the JSON a restore job stores. */
    public static String encode(RestoreRequest request) {
        try {
            return EventCodec.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The request a restore job stored as JSON. */
    public static RestoreRequest decode(String json) {
        try {
            return EventCodec.mapper().readValue(json, RestoreRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable restore request: " + e.getOriginalMessage(), e);
        }
    }
}
