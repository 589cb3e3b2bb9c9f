package org.efp.dr.failover.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepProcedure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.TypedProcedure;
import org.jboss.logging.Logger;

/**
 * The guide's database failover on real PostgreSQL: verify the standby, fence the old primary, promote, switch the
 * connection information, verify writes, re-point the other replicas. A switchover (planned) first lets the standby
 * catch up with the fenced primary, so nothing is lost. Every step checks before it acts, so re-running the step
 * that was in flight when an instance died does not promote twice.
 */
@ApplicationScoped
public class DatabaseFailoverProcedure extends TypedProcedure<DatabaseFailoverProcedure.Step, FailoverState> {

    /** The steps, in the order they run. */
    enum Step {
        VERIFY_STANDBY,
        FENCE_OLD_PRIMARY,
        PROMOTE,
        UPDATE_CONNECTION_STRINGS,
        VERIFY_WRITES,
        REPOINT_REPLICAS
    }

    static final List<String> STEPS = List.of(Step.values()).stream().map(StepProcedure::label).toList();

    private final Topology topology;
    private final PgNodes nodes;
    private final Fencer fencer;
    private final ConnectionPublisher connections;
    private final DatabaseConfig config;
    private final Duration rpo;
    private final AuditLog audit;
    private final FenceStep fenceStep;
    private static final Logger LOG = Logger.getLogger(DatabaseFailoverProcedure.class);

    public DatabaseFailoverProcedure(Topology topology, PgNodes nodes, Fencer fencer, ConnectionPublisher connections,
            DatabaseConfig config, SeedConfig seed, AuditLog audit) {
        this.audit = audit;
        this.topology = topology;
        this.nodes = nodes;
        this.fencer = fencer;
        this.connections = connections;
        this.config = config;
        this.fenceStep = new FenceStep(nodes, fencer, config, audit);
        this.rpo = seed.objectives().forComponent("database").map(RecoveryObjectives.Objective::rpo)
                .orElse(Duration.ofMinutes(1));
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.DATABASE_FAILOVER, RecoveryAction.DATABASE_SWITCHOVER);
    }

    @Override
    public List<Step> plan(RecoveryJob job) {
        return List.of(Step.values());
    }

    @Override
    public Class<FailoverState> stateType() {
        return FailoverState.class;
    }

    @Override
    public StepResult<FailoverState> step(RecoveryJob job, Step step, FailoverState state) throws Exception {
        if (job.dryRun() && step != Step.VERIFY_STANDBY) {
            return StepResult.done(state, "dry run: would " + StepProcedure.label(step) + " (candidate "
                    + state.candidate() + ", old primary " + state.oldPrimaryOrEmpty() + ")");
        }
        return switch (step) {
            case VERIFY_STANDBY -> verifyStandby(job, state);
            case FENCE_OLD_PRIMARY -> fenceStep.run(job, state);
            case PROMOTE -> promote(state);
            case UPDATE_CONNECTION_STRINGS -> StepResult.done(state, updateConnections(job, state));
            case VERIFY_WRITES -> StepResult.done(state, verifyWrites(state.candidate()));
            case REPOINT_REPLICAS -> StepResult.done(state, repoint(state.candidate()));
        };
    }

    private StepResult<FailoverState> verifyStandby(RecoveryJob job, FailoverState state)
            throws InterruptedException {
        String primary = topology.primary().orElse(null);
        boolean planned = job.action() == RecoveryAction.DATABASE_SWITCHOVER;
        List<String> candidates = candidates(job);
        if (!planned && !job.dryRun()) {
            confirmPrimaryDown(job, primary);
        }
        List<String> problems = new ArrayList<>();
        for (String url : candidates) {
            Instant lastStreaming = topology.find(url).map(Topology.Member::lastStreamingAt).orElse(null);
            StandbyStatus s = nodes.standbyStatus(url, primary, lastStreaming);
            if (s.reachable() && s.inRecovery() && (planned || s.withinRpo(rpo, config.maxLagBytes()))) {
                long lagMs = Math.max(s.lag().toMillis(), s.silence() == null ? 0 : s.silence().toMillis());
                return StepResult.done(state.chosen(url, primary, s.lagBytes(), lagMs, lastReplay(url)),
                        s.describe() + (planned ? "" : " within RPO " + rpo));
            }
            problems.add(s.describe());
        }
        throw new IllegalStateException("no standby fit for promotion: " + (problems.isEmpty() ? "none registered"
                : String.join("; ", problems)));
    }

    /**
     * The candidates: the named standby (a JDBC URL or host:port of a registered standby of this cluster), else every
     * registered standby. Anything else is refused: a promotion never lands on a node outside the topology.
     */
    private List<String> candidates(RecoveryJob job) {
        String target = job.target();
        if (target == null || target.isBlank() || target.equals(topology.cluster())) {
            return topology.standbys();
        }
        Topology.Member m = topology.find(target).orElseThrow(() -> new IllegalArgumentException("target " + target
                + " is not a node of " + topology.cluster()));
        if (!Topology.STANDBY.equals(m.role())) {
            throw new IllegalArgumentException("target " + m.hostPort() + " is " + m.role() + ", not a standby");
        }
        return List.of(m.url());
    }

    /**
     * "Primary down" from two vantage points before an unplanned promotion: this service cannot write to it, and no
     * standby's WAL receiver still hears from a primary: two looks {@code receiver-check} apart at the same receiver
     * process, and a message or WAL received in between vetoes the failover. The primary is alive for that standby
     * (the probes' view is a partition), and promoting would make a second writable primary.
     */
    private void confirmPrimaryDown(RecoveryJob job, String primary) throws InterruptedException {
        if (primary != null && nodes.writablePrimary(primary).orElse(false)) {
            veto(job, "the primary " + PgNodes.hostPort(primary) + " answers and takes writes");
        }
        Map<String, PgNodes.Receiver> first = new java.util.HashMap<>();
        for (String url : topology.standbys()) {
            nodes.receiver(url).ifPresent(r -> first.put(url, r));
        }
        if (first.isEmpty()) {
            return;
        }
        Thread.sleep(config.receiverCheck().toMillis());
        for (Map.Entry<String, PgNodes.Receiver> e : first.entrySet()) {
            PgNodes.Receiver later = nodes.receiver(e.getKey()).orElse(null);
            if (later != null && e.getValue().heardBetween(later)) {
                veto(job, "standby " + PgNodes.hostPort(e.getKey()) + " still receives WAL from " + later.sender()
                        + " (its WAL receiver got " + (later.writtenBytes() - e.getValue().writtenBytes())
                        + " bytes and messages within " + config.receiverCheck().toMillis() + " ms): the primary is "
                        + "alive for it, so the probes' view is a partition, not an outage");
            }
        }
    }

    private void veto(RecoveryJob job, String why) {
        audit.record("failover-service", "failover-vetoed", job.recoveryId(), why + "; incident "
                + job.incidentId());
        throw new IllegalStateException("failover vetoed: " + why);
    }

    private StepResult<FailoverState> promote(FailoverState state) throws Exception {
        String candidate = state.candidate();
        // From the promotion call on the old primary stays fenced whatever happens: the candidate may be writable.
        FailoverState attempted = state.withPromotionAttempted();
        boolean promoting = false;
        try (Connection c = nodes.connect(candidate); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return StepResult.done(state, "already promoted: " + candidate + " is out of recovery");
                }
            }
            promoting = true;
            try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + config.promoteTimeout().toSeconds() + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return StepResult.done(attempted, "promoted " + candidate);
                }
            }
        } catch (SQLException e) {
            if (!promoting && !state.promotionAttempted()) {
                throw e;
            }
            LOG.warnf("promotion outcome unknown candidate=%s: %s; checking the candidate", candidate,
                    e.getMessage());
        } catch (RuntimeException e) {
            throw promoting ? new StepFailure(attempted, e) : e;
        }
        try {
            return StepResult.done(attempted, confirmPromotion(candidate));
        } catch (Exception e) {
            throw new StepFailure(attempted, e);
        }
    }

    /** A promotion that timed out or lost its connection: ask the candidate itself before anything else happens. */
    private String confirmPromotion(String candidate) throws InterruptedException {
        Instant deadline = Instant.now().plus(config.promoteTimeout());
        String last = "not asked";
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = nodes.connect(candidate); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return "promoted " + candidate + " (outcome confirmed on the candidate after the promotion call "
                            + "did not answer)";
                }
                last = "still in recovery";
            } catch (SQLException e) {
                last = "unreachable: " + e.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("promotion outcome unknown: " + candidate + " " + last + " after "
                + config.promoteTimeout() + "; the old primary stays fenced (check " + candidate
                + " with SELECT pg_is_in_recovery() before anything else)");
    }

    private String updateConnections(RecoveryJob job, FailoverState state) {
        String candidate = state.candidate();
        String old = state.oldPrimaryOrEmpty();
        Long timeline = nodes.observe(candidate).timeline();
        QuarkusTransaction.requiringNew().run(() -> topology.promoted(candidate, old.isEmpty() ? null : old, timeline,
                job.action() == RecoveryAction.DATABASE_SWITCHOVER ? "switchover: " + PgNodes.hostPort(candidate)
                        + " promoted, " + (old.isEmpty() ? "no old primary" : PgNodes.hostPort(old) + " fenced"
                                + fenceNote(state))
                        : "failover: " + PgNodes.hostPort(candidate) + " promoted, " + (old.isEmpty()
                                ? "no old primary" : PgNodes.hostPort(old) + " fenced"
                                        + fenceNote(state)), job.incidentId(),
                (state.fence() == null ? FenceOutcome.Level.NONE : state.fence()).name()));
        String ns = connections.publish(candidate);
        return "primary=" + candidate + (ns == null ? "" : " secret and configmap in " + ns) + demote(old);
    }

    private static String fenceNote(FailoverState state) {
        return state.fence() == null ? "" : " (fence: " + state.fence() + ")";
    }

    /** Once the candidate is the primary, a still-running fenced old primary is restarted as a standby. */
    private String demote(String old) {
        if (old == null || old.isEmpty()) {
            return "";
        }
        try {
            return fencer.demote(old).map(dir -> "; old primary restarted as a standby (" + dir + ")").orElse("");
        } catch (RuntimeException e) {
            LOG.warnf("fenced old primary %s could not be restarted as a standby: %s", old, e.getMessage());
            return "; old primary could not be restarted as a standby (" + e.getMessage() + "), it stays fenced online";
        }
    }

    private String verifyWrites(String candidate) throws SQLException {
        try (Connection c = nodes.connect(candidate); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dr_failover");
            s.execute("CREATE TABLE IF NOT EXISTS dr_failover.write_check (at timestamptz NOT NULL)");
            s.execute("INSERT INTO dr_failover.write_check VALUES (now())");
        }
        return "write committed on " + candidate;
    }

    private String repoint(String candidate) throws SQLException {
        String conninfo = nodes.conninfo(candidate);
        List<String> repointed = new ArrayList<>();
        for (String url : topology.standbys()) {
            if (url.equals(candidate) || !nodes.reachable(url)) {
                continue;
            }
            try (Connection c = nodes.connect(url); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo + "'");
                s.execute("SELECT pg_reload_conf()");
                repointed.add(url);
            }
        }
        return repointed.isEmpty() ? "no other replicas" : "replicas now follow " + candidate + ": " + repointed;
    }

    /**
     * Lifts the old primary's online fencing only when no promotion was ever attempted: once pg_promote was called
     * the candidate may be writable (a timeout or a dropped socket says nothing), so the old primary stays fenced.
     */
    @Override
    public List<String> undo(RecoveryJob job, Step failed, FailoverState state, String error) {
        String old = state.oldPrimaryOrEmpty();
        return switch (handback(failed, state)) {
            case LEFT_TO_ITS_HOST -> List.of("old primary " + old + " was stopped with a standby.signal and nothing "
                    + "was promoted: to serve writes from it again, remove standby.signal from its data directory and "
                    + "start it");
            case LIFT_READ_ONLY -> fencer.unfenceOnline(old) ? List.of("old primary " + old + " accepts writes again")
                    : List.of();
            case NOTHING -> List.of();
        };
    }

    /** What a rollback does about the old primary's fence. */
    enum Handback {
        /** It stays as it is: a promotion may have happened, or it was never fenced. */
        NOTHING,
        /** Stopped by the remote fence and nothing promoted: bringing it back is a decision for its host. */
        LEFT_TO_ITS_HOST,
        /** Made read-only and nothing promoted: it takes writes again. */
        LIFT_READ_ONLY
    }

    static Handback handback(Step failed, FailoverState state) {
        boolean promotionMayHappen = failed.compareTo(Step.PROMOTE) > 0 || state.promotionAttempted();
        if (promotionMayHappen) {
            return Handback.NOTHING;
        }
        if (state.stoppedRemotely()) {
            return Handback.LEFT_TO_ITS_HOST;
        }
        return state.fencedOnline() ? Handback.LIFT_READ_ONLY : Handback.NOTHING;
    }

    @Override
    protected Completion complete(RecoveryJob job, FailoverState state) {
        String candidate = state.candidate();
        long lossSeconds = (state.lagMs() == null ? 0 : state.lagMs()) / 1000;
        String old = state.oldPrimaryOrEmpty();
        List<String> next = new ArrayList<>();
        if (!job.dryRun() && state.fence() == FenceOutcome.Level.SOFT) {
            next.add("the old primary " + PgNodes.hostPort(old) + " still runs and is NOT fenced hard: "
                    + state.fenceDetail() + "; stop it on its host (touch standby.signal in its data directory, "
                    + "pg_ctl stop) before a client lifts read-only and writes there");
        }
        next.addAll(job.dryRun() ? List.of("dry run only: nothing changed") : state.stoppedRemotely()
                ? List.of("the old primary " + PgNodes.hostPort(old) + " is stopped with a standby.signal following "
                        + PgNodes.hostPort(candidate) + ": start it on its host and it comes back as a read-only "
                        + "standby, registered by itself once it streams (if it cannot follow, pg_rewind it there)")
                : List.of("bring " + old + " back as a standby of " + candidate + ": POST /api/v1/recoveries "
                        + "{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + old + "\"} (pg_rewind; its data directory "
                        + "must be on this host), or rebuild it with pg_basebackup and POST /api/v1/database/nodes"));
        return new Completion(candidate, state.recoveredTo(), job.dryRun() ? null : lossSeconds, next);
    }

    private Instant lastReplay(String url) {
        try (Connection c = nodes.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_last_xact_replay_timestamp()")) {
            rs.next();
            java.sql.Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toInstant();
        } catch (SQLException e) {
            return null;
        }
    }
}
