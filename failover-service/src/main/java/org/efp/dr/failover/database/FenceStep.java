package org.efp.dr.failover.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.recovery.RecoveryJob;

/** The failover's fence-old-primary step ({@link DatabaseFailoverProcedure}). */
final class FenceStep {

    private final PgNodes nodes;
    private final Fencer fencer;
    private final DatabaseConfig config;
    private final AuditLog audit;

    FenceStep(PgNodes nodes, Fencer fencer, DatabaseConfig config, AuditLog audit) {
        this.nodes = nodes;
        this.fencer = fencer;
        this.config = config;
        this.audit = audit;
    }

    /**
     * Fences the old primary before the candidate is promoted. Its data directory here: read-only online, then
     * standby.signal on disk (it is restarted as a standby once the candidate is promoted). Reachable over SQL only:
     * per {@code remote-fence}, stopped with a standby.signal written through the server itself (HARD), or read-only
     * by default only (SOFT). How firmly it is fenced is kept for the topology; a fence short of HARD on a node that
     * answers is said loudly (audit, next steps), never claimed.
     */
    StepResult<FailoverState> run(RecoveryJob job, FailoverState state) throws Exception {
        String old = state.oldPrimary();
        if (old == null || old.isEmpty()) {
            return StepResult.done(state, "no old primary recorded");
        }
        boolean local = config.dataDirs().containsKey(PgNodes.hostPort(old));
        if (!local && config.remoteFence() == DatabaseConfig.RemoteFence.OFF) {
            return fenced(job, state, List.of(), FenceOutcome.none("remote fencing off "
                    + "(dr.failover.database.remote-fence=off): left as it is"));
        }
        if (!fencer.fenceOnline(old)) {
            return fenced(job, state, List.of(), local ? fenceOnDisk(state, false)
                    : FenceOutcome.none("unreachable and its data directory not on this host: re-fenced on sight"));
        }
        FailoverState readOnly = state.withFencedOnline();
        try {
            List<String> done = new ArrayList<>();
            done.add("old primary reachable: made read-only, client sessions terminated");
            if (job.action() == RecoveryAction.DATABASE_SWITCHOVER) {
                done.add(awaitCatchUp(old, state.candidate()));
            }
            FenceOutcome outcome = local ? fenceOnDisk(state, true)
                    : config.remoteFence() == DatabaseConfig.RemoteFence.STOP ? fencer.fenceRemote(old,
                            state.candidate())
                    : FenceOutcome.soft("read-only by default only (dr.failover.database.remote-fence=read-only),"
                            + " which a client session can lift");
            return fenced(job, readOnly, done, outcome);
        } catch (Exception e) {
            // Made read-only, then failed: the rollback must know, to lift it.
            throw new StepFailure(readOnly, e);
        }
    }

    private FenceOutcome fenceOnDisk(FailoverState state, boolean answers) {
        return fencer.fenceOnDisk(state.oldPrimary(), state.candidate()).map(dir -> FenceOutcome.hard(
                "standby.signal written in " + dir)).orElse(answers ? FenceOutcome.soft("its data directory is not "
                        + "where data-dirs says: read-only by default only") : FenceOutcome.none("unreachable and its "
                                + "data directory is not where data-dirs says: re-fenced on sight"));
    }

    private StepResult<FailoverState> fenced(RecoveryJob job, FailoverState state, List<String> before,
            FenceOutcome outcome) {
        List<String> done = new ArrayList<>(before);
        done.add("fence " + outcome.level() + ": " + outcome.detail());
        if (outcome.level() != FenceOutcome.Level.HARD && state.fencedOnline()) {
            audit.record("failover-service", "fence-not-hard", job.recoveryId(), "old primary "
                    + PgNodes.hostPort(state.oldPrimary()) + " answers and is fenced " + outcome.level() + ": "
                    + outcome.detail() + "; incident " + job.incidentId());
        }
        return StepResult.done(state.fenced(outcome), String.join("; ", done));
    }

    private String awaitCatchUp(String old, String candidate) throws Exception {
        String lsn;
        try (Connection c = nodes.connect(old); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        Instant deadline = Instant.now().plus(config.promoteTimeout());
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = nodes.connect(candidate); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff('" + lsn + "', pg_last_wal_replay_lsn())")) {
                rs.next();
                if (rs.getLong(1) <= 0) {
                    return "standby replayed up to " + lsn;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("standby did not catch up to " + lsn + " within " + config.promoteTimeout());
    }
}
