package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recovery ended. {@code recoveredTo} is the instant the recovered data reflects, {@code dataLossSeconds} the
 * data lost (outage start minus recoveredTo, never negative); {@code restoredFrom} names the backup or standby.
 * {@code location} is where the recovered component now serves when that is a new place others must be pointed at,
 * as {@code host:port} (a {@code DATABASE_REBUILD}'s new primary); null otherwise, and from producers that predate
 * the field. {@code details}: what the recovery measured about its outcome, by name (a cache's
 * {@code cache.keysLoaded}/{@code cache.keysExpected}); empty when it reports nothing more.
 */
public record RecoveryCompleted(String incidentId, String recoveryId, String component, RecoveryAction action,
        RecoveryStatus status, Instant startedAt, Instant completedAt, String restoredFrom, Instant recoveredTo,
        Long dataLossSeconds, String error, List<String> nextSteps, String location, Map<String, String> details)
        implements RecoveryEvent {

    /** {@code host:port}: a host name or IPv4 address, or an IPv6 address in brackets, and a TCP port. */
    private static final java.util.regex.Pattern LOCATION = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\]):"
                    + "(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])");

    /**
     * The detail naming when the component served again (ISO-8601), for a recovery that keeps watching it before it
     * completes (a restored model is watched for the guide's {@code monitor_predictions} window). The recovery time
     * objective ends there: the guide watches a restored model for an hour against a 30-minute RTO, so the watch
     * cannot be part of it. The recovery still counts only once it completed SUCCEEDED.
     */
    public static final String SERVING_SINCE = "servingSince";

    /** A completion that names no new location (every action but a rebuild). */
    public RecoveryCompleted(String incidentId, String recoveryId, String component, RecoveryAction action,
            RecoveryStatus status, Instant startedAt, Instant completedAt, String restoredFrom, Instant recoveredTo,
            Long dataLossSeconds, String error, List<String> nextSteps) {
        this(incidentId, recoveryId, component, action, status, startedAt, completedAt, restoredFrom, recoveredTo,
                dataLossSeconds, error, nextSteps, null, Map.of());
    }

    /** A completion with no details. */
    public RecoveryCompleted(String incidentId, String recoveryId, String component, RecoveryAction action,
            RecoveryStatus status, Instant startedAt, Instant completedAt, String restoredFrom, Instant recoveredTo,
            Long dataLossSeconds, String error, List<String> nextSteps, String location) {
        this(incidentId, recoveryId, component, action, status, startedAt, completedAt, restoredFrom, recoveredTo,
                dataLossSeconds, error, nextSteps, location, Map.of());
    }

    public RecoveryCompleted {
        Require.eventId(incidentId, "incidentId");
        Require.eventId(recoveryId, "recoveryId");
        Require.name(component, "component");
        Require.present(action, "action");
        Require.present(status, "status");
        if (status == RecoveryStatus.SKIPPED) {
            throw new IllegalArgumentException("status of a whole recovery is SUCCEEDED, FAILED or ROLLED_BACK");
        }
        Require.present(startedAt, "startedAt");
        Require.present(completedAt, "completedAt");
        Require.ordered(startedAt, completedAt, "startedAt", "completedAt");
        Require.notNegative(dataLossSeconds, "dataLossSeconds");
        if (status != RecoveryStatus.SUCCEEDED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("error is required when status is " + status);
        }
        nextSteps = Require.list(nextSteps);
        if (location != null && !LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("location must be host:port: " + Require.abbreviate(location));
        }
        details = details == null ? Map.of() : Map.copyOf(details);
        String serving = details.get(SERVING_SINCE);
        if (serving != null) {
            Instant at;
            try {
                at = Instant.parse(serving);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(SERVING_SINCE + " must be an ISO-8601 instant: "
                        + Require.abbreviate(serving));
            }
            Require.ordered(startedAt, at, "startedAt", SERVING_SINCE);
            Require.ordered(at, completedAt, SERVING_SINCE, "completedAt");
        }
    }

    /** When the component served again: the {@link #SERVING_SINCE} detail, else {@code completedAt}. */
    public Instant servingSince() {
        String value = details.get(SERVING_SINCE);
        return value == null ? completedAt : Instant.parse(value);
    }
}
