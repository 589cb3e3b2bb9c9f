package org.efp.dr.failover.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.Jdbc;

/**
 * One recovery per component at a time ({@code component_recovery}): the first incident claims the component, later
 * ones join its recovery until its RecoveryCompleted releases it (or the claim expires after the component's RTO,
 * so a lost completion never blocks the component for good). Concurrent claims serialise on the primary key.
 */
@ApplicationScoped
public class ComponentRecoveries {

    /** The recovery a component has in flight (or that just succeeded and is settling). */
    public record Running(String recoveryId, String incidentId, String action) {
    }

    /**
     * The component's last claim: its recovery, since when, whether it already succeeded (kept after its settle time
     * until the next claim) and whether the claim expired.
     */
    public record Holder(String recoveryId, String incidentId, String action, Instant since, boolean succeeded,
            boolean expired) {

        /** Whether the recovery still runs, or succeeded at or after {@code since}. */
        public boolean covers(Instant outageStarted) {
            return succeeded ? !this.since.isBefore(outageStarted) : !expired;
        }
    }

    private final Jdbc jdbc;

    public ComponentRecoveries(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Claims the component for {@code recoveryId}; empty when claimed, else the recovery already in flight. */
    public Optional<Running> claim(String component, String recoveryId, String incidentId, String action,
            Duration ttl) {
        return claim(component, recoveryId, incidentId, action, ttl, false);
    }

    /**
     * As {@link #claim(String, String, String, String, Duration)}; with {@code newOutage} (reality was checked: the
     * component is down again now) a recovery that already succeeded and is only settling does not absorb it: the
     * claim is taken over, so a second loss soon after a repaired one is repaired too.
     */
    public Optional<Running> claim(String component, String recoveryId, String incidentId, String action,
            Duration ttl, boolean newOutage) {
        String purpose = "claim component " + component;
        if (jdbc.one(purpose, "INSERT INTO component_recovery (component, recovery_id, incident_id, action, "
                + "expires_at) VALUES (?, ?, ?, ?, now() + make_interval(secs => ?)) "
                + "ON CONFLICT (component) DO UPDATE SET recovery_id = EXCLUDED.recovery_id, "
                + "incident_id = EXCLUDED.incident_id, action = EXCLUDED.action, since = now(), "
                + "expires_at = EXCLUDED.expires_at, succeeded = false WHERE component_recovery.expires_at < now() "
                + "OR (? AND (component_recovery.succeeded OR EXISTS (SELECT 1 FROM recovery_job j "
                + "WHERE j.recovery_id = component_recovery.recovery_id AND j.status = 'SUCCEEDED'))) "
                + "RETURNING recovery_id", rs -> rs.getString(1), component, recoveryId, incidentId, action,
                (double) ttl.toSeconds(), newOutage).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.one(purpose, "SELECT recovery_id, incident_id, action FROM component_recovery "
                + "WHERE component = ?", rs -> new Running(rs.getString(1), rs.getString(2), rs.getString(3)),
                component).orElseThrow(() -> new IllegalStateException("component " + component
                        + " claimed and released at once")));
    }

    /** The last claim of {@code component} (a failed recovery's claim is gone), if any. */
    public Optional<Holder> holder(String component) {
        return jdbc.one("read component " + component, "SELECT c.recovery_id, c.incident_id, c.action, c.since, "
                + "c.succeeded OR EXISTS (SELECT 1 FROM recovery_job j WHERE j.recovery_id = c.recovery_id "
                + "AND j.status = 'SUCCEEDED'), c.expires_at <= now() FROM component_recovery c "
                + "WHERE c.component = ?", rs -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getBoolean(5), rs.getBoolean(6)), component);
    }

    /**
     * Releases the component a recovery held: at once when it failed or was refused (a new incident may try again),
     * after {@code settle} when it succeeded (alerts lag reality: the ones still arriving for the outage it just
     * repaired join it instead of repairing it again).
     */
    public void release(String recoveryId, boolean succeeded, Duration settle) {
        String purpose = "release recovery " + recoveryId;
        if (succeeded) {
            jdbc.update(purpose, "UPDATE component_recovery SET expires_at = LEAST(expires_at, "
                    + "now() + make_interval(secs => ?)), succeeded = true WHERE recovery_id = ?",
                    settle.toMillis() / 1000.0, recoveryId);
        } else {
            jdbc.update(purpose, "DELETE FROM component_recovery WHERE recovery_id = ?", recoveryId);
        }
    }
}
