package org.efp.dr.restore.job;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.events.Require;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.postgres.DatabaseServer;

/**
 * Checks a restore request where it enters (REST or Kafka), before anything is queued: every value that becomes a
 * job id, a directory or object name, a database name or a process argument must be a plain identifier. A bad one
 * is a BAD_REQUEST naming the field (REST answers 400, the Kafka intake dead-letters the event).
 */
public final class RequestCheck {

    /** Parameters with a meaning here; others (set by callers for their own bookkeeping) pass untouched. */
    static final String MODELS_DIR = "modelsDir";

    private RequestCheck() {
    }

    /** Returns {@code request} when every field is safe to use, else throws BAD_REQUEST. */
    public static RestoreRequest checked(RestoreRequest request) {
        try {
            Require.id(request.jobId(), "jobId");
            Require.text(request.incidentId(), "incidentId");
            if (request.incidentId().length() > 200) {
                throw new IllegalArgumentException("incidentId must be at most 200 characters: "
                        + Require.abbreviate(request.incidentId()));
            }
            RestoreQueue.kindOf(request.action());
            if (request.backupId() != null) {
                Require.id(request.backupId(), "backupId");
            }
            if (request.target() != null && !request.target().isBlank()) {
                // Becomes a segment of object keys; whether it is a known database is the job's to say.
                Require.name(request.target(), "target");
            }
            parameters(request.parameters());
            if (request.action() == org.efp.dr.common.events.RecoveryAction.DATABASE_REBUILD
                    && request.pointInTime() != null) {
                throw new IllegalArgumentException("pointInTime cannot be set for DATABASE_REBUILD: a rebuilt "
                        + "primary replays the WAL archive to its end (use RESTORE_DATABASE for a point in time)");
            }
            return request;
        } catch (IllegalArgumentException e) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, e.getMessage(), e);
        }
    }

    private static void parameters(Map<String, String> p) {
        if (p.containsKey(MODELS_DIR)) {
            throw new IllegalArgumentException("modelsDir cannot be chosen by a request: models are restored into "
                    + "the configured dr.restore.models-dir");
        }
        String database = p.get("targetDatabase");
        if (database != null) {
            try {
                DatabaseServer.checkedName(database);
            } catch (RestoreException e) {
                throw new IllegalArgumentException("targetDatabase must match [a-z_][a-z0-9_]{0,62}: "
                        + Require.abbreviate(database));
            }
        }
        oneOf(p, "replace", List.of("true", "false"));
        oneOf(p, "mode", List.of("logical", "physical"));
        String stop = p.get(ServiceControl.STOP_SERVICES);
        if (stop != null && !"none".equalsIgnoreCase(stop.trim())) {
            for (String name : stop.split(",")) {
                // Deployment names: Kubernetes names, at most 63 characters.
                Require.name(name.trim(), ServiceControl.STOP_SERVICES);
                if (name.trim().length() > 63) {
                    throw new IllegalArgumentException(ServiceControl.STOP_SERVICES + " names must be at most 63 "
                            + "characters: " + Require.abbreviate(name.trim()));
                }
            }
        }
        String outage = p.get("outageStartedAt");
        if (outage != null) {
            try {
                Instant.parse(outage);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("outageStartedAt must be an ISO-8601 instant: "
                        + Require.abbreviate(outage));
            }
        }
    }

    private static void oneOf(Map<String, String> p, String name, List<String> allowed) {
        String value = p.get(name);
        if (value != null && !value.isBlank() && !allowed.contains(value.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(name + " must be one of " + allowed + ", not "
                    + Require.abbreviate(value));
        }
    }
}
