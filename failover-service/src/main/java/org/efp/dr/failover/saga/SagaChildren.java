package org.efp.dr.failover.saga;

import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.failover.recovery.JobStore;

/**
 * The recoveries a saga waits on ({@code child_recovery}): the ones it asked for and the ones it adopted (a component's
 * recovery already running when the saga reached its step). Their RecoveryCompleted wakes the saga; every ending is
 * also kept ({@code recovery_outcome}), so an adopted recovery that ended before the adoption counts at once.
 */
@ApplicationScoped
public class SagaChildren {

    /** The status of a recovery that has not ended but whose result serves already. */
    public static final String SERVING = "SERVING";

    /** A child: its step, deadline, whether it was adopted and, once it ended, its status and error. */
    public record Child(String recoveryId, String parentId, int step, Instant deadline, String status, String error,
            boolean adopted) {
    }

    private final Jdbc jdbc;
    private final JobStore jobs;

    public SagaChildren(DataSource dataSource, JobStore jobs) {
        this.jdbc = new Jdbc(dataSource);
        this.jobs = jobs;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted event) {
        lock(event.recoveryId());
        update("INSERT INTO recovery_outcome (recovery_id, status, error) VALUES (?, ?, ?) ON CONFLICT (recovery_id) "
                + "DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error, completed_at = now() "
                + "WHERE recovery_outcome.status = ?", event.recoveryId(), event.status().name(), event.error(),
                SERVING);
        int updated = update("UPDATE child_recovery SET status = ?, error = ?, completed_at = now() "
                + "WHERE recovery_id = ? AND (status IS NULL OR status = ?)", event.status().name(), event.error(),
                event.recoveryId(), SERVING);
        if (updated > 0) {
            jobs.wake(event.recoveryId());
        }
    }

    /**
     * What a recovery restored serves again, before the watch that ends it (a model restore): for a saga's step that
     * is enough, so a step waiting on it goes on ({@value #SERVING}); the recovery's end still replaces it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void serving(RecoveryStepCompleted event) {
        lock(event.recoveryId());
        update("INSERT INTO recovery_outcome (recovery_id, status) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.recoveryId(), SERVING);
        if (update("UPDATE child_recovery SET status = ?, completed_at = now() WHERE recovery_id = ? "
                + "AND status IS NULL", SERVING, event.recoveryId()) > 0) {
            jobs.wake(event.recoveryId());
        }
    }

    /** Records a recovery the saga asked for at {@code step}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String recoveryId, String parentId, int step, Instant deadline) {
        update("INSERT INTO child_recovery (recovery_id, parent_id, step, deadline) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", recoveryId, parentId, step, deadline);
    }

    /**
     * Records a recovery already under way that the saga waits on at {@code step} instead of asking for a second one;
     * when it already ended, its ending is taken over at once. Serialised with {@link #completed} on the recovery, so
     * an ending committed while adopting is never missed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void adopt(String recoveryId, String parentId, int step, Instant deadline) {
        lock(recoveryId);
        update("INSERT INTO child_recovery (recovery_id, parent_id, step, deadline, adopted) VALUES (?, ?, ?, ?, true) "
                + "ON CONFLICT DO NOTHING", recoveryId, parentId, step, deadline);
        update("UPDATE child_recovery c SET status = o.status, error = o.error, completed_at = o.completed_at "
                + "FROM recovery_outcome o WHERE o.recovery_id = c.recovery_id AND c.parent_id = ? AND c.step = ? "
                + "AND c.status IS NULL", parentId, step);
    }

    /** Drops the step's child, so the step starts again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String parentId, int step) {
        update("DELETE FROM child_recovery WHERE parent_id = ? AND step = ?", parentId, step);
    }

    public Optional<Child> find(String parentId, int step) {
        return jdbc.one("read saga children", "SELECT recovery_id, parent_id, step, deadline, status, error, adopted "
                + "FROM child_recovery WHERE parent_id = ? AND step = ?", rs -> new Child(rs.getString(1),
                        rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        rs.getString(6), rs.getBoolean(7)), parentId, step);
    }

    private void lock(String recoveryId) {
        jdbc.one("lock recovery " + recoveryId, "SELECT pg_advisory_xact_lock(hashtext('recovery:' || ?))",
                rs -> Boolean.TRUE, recoveryId);
    }

    private int update(String sql, Object... args) {
        return jdbc.update("saga child update", sql, args);
    }
}
