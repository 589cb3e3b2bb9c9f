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
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.jboss.logging.Logger;

/**
 * The guide's database failover on real PostgreSQL: verify the standby, fence the old primary, promote, switch the
 * connection information, verify writes, re-point the other replicas. A switchover (planned) first lets the standby
 * catch up with the fenced primary, so nothing is lost. Every step checks before it acts, so re-running the step
 * that was in flight when an instance died does not promote twice.
 */
@ApplicationScoped
public class DatabaseFailoverProcedure implements Procedure {

    static final List<String> STEPS = List.of("verify-standby", "fence-old-primary", "promote",
            "update-connection-strings", "verify-writes", "repoint-replicas");

    private final Topology topology;
    private final PgNodes nodes;
    private final Fencer fencer;
    private final ConnectionPublisher connections;
    private final DatabaseConfig config;
    private final Duration rpo;
    private final AuditLog audit;
    private static final Logger LOG = Logger.getLogger(DatabaseFailoverProcedure.class);

    public DatabaseFailoverProcedure(Topology topology, PgNodes nodes, Fencer fencer, ConnectionPublisher connections,
            DatabaseConfig config, SeedConfig seed, AuditLog audit) {
        this.audit = audit;
        this.topology = topology;
        this.nodes = nodes;
        this.fencer = fencer;
        this.connections = connections;
        this.config = config;
        this.rpo = seed.objectives().forComponent("database").map(RecoveryObjectives.Objective::rpo)
                .orElse(Duration.ofMinutes(1));
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.DATABASE_FAILOVER, RecoveryAction.DATABASE_SWITCHOVER);
    }

    @Override
    public List<String> steps(RecoveryJob job) {
        return STEPS;
    }

    @Override
    public StepOutcome run(RecoveryJob job, int index, Map<String, String> state) throws Exception {
        if (job.dryRun() && index > 0) {
            return StepOutcome.done("dry run: would " + STEPS.get(index) + " (candidate " + state.get("candidate")
                    + ", old primary " + state.get("oldPrimary") + ")");
        }
        return switch (STEPS.get(index)) {
            case "verify-standby" -> verifyStandby(job, state);
            case "fence-old-primary" -> fence(job, state);
            case "promote" -> promote(state.get("candidate"), state);
            case "update-connection-strings" -> updateConnections(job, state);
            case "verify-writes" -> verifyWrites(state.get("candidate"));
            default -> repoint(state);
        };
    }

    private StepOutcome verifyStandby(RecoveryJob job, Map<String, String> state) throws InterruptedException {
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
                state.put("candidate", url);
                state.put("oldPrimary", primary == null ? "" : primary);
                state.put("lagBytes", String.valueOf(s.lagBytes()));
                state.put("lagMs", String.valueOf(Math.max(s.lag().toMillis(),
                        s.silence() == null ? 0 : s.silence().toMillis())));
                state.put("recoveredTo", lastReplay(url));
                return StepOutcome.done(s.describe() + (planned ? "" : " within RPO " + rpo));
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

    /**
     * Fences the old primary before the candidate is promoted. Its data directory here: read-only online, then
     * standby.signal on disk (it is restarted as a standby once the candidate is promoted). Reachable over SQL only:
     * per {@code remote-fence}, stopped with a standby.signal written through the server itself (HARD), or read-only
     * by default only (SOFT). How firmly it is fenced is kept for the topology; a fence short of HARD on a node that
     * answers is said loudly (audit, next steps), never claimed.
     */
    private StepOutcome fence(RecoveryJob job, Map<String, String> state) throws Exception {
        String old = state.get("oldPrimary");
        String candidate = state.get("candidate");
        if (old == null || old.isEmpty()) {
            return StepOutcome.done("no old primary recorded");
        }
        boolean local = config.dataDirs().containsKey(PgNodes.hostPort(old));
        DatabaseConfig.RemoteFence mode = config.remoteFence();
        List<String> done = new ArrayList<>();
        FenceOutcome outcome;
        if (!local && mode == DatabaseConfig.RemoteFence.OFF) {
            outcome = FenceOutcome.none("remote fencing off (dr.failover.database.remote-fence=off): left as it is");
        } else {
            boolean answers = fencer.fenceOnline(old);
            if (answers) {
                state.put("fencedOnline", "true");
                done.add("old primary reachable: made read-only, client sessions terminated");
                if (job.action() == RecoveryAction.DATABASE_SWITCHOVER) {
                    done.add(awaitCatchUp(old, candidate));
                }
            }
            if (local) {
                outcome = fencer.fenceOnDisk(old, candidate).map(dir -> FenceOutcome.hard("standby.signal written in "
                        + dir)).orElse(answers ? FenceOutcome.soft("its data directory is not where data-dirs says: "
                                + "read-only by default only") : FenceOutcome.none("unreachable and its data "
                                        + "directory is not where data-dirs says: re-fenced on sight"));
            } else if (!answers) {
                outcome = FenceOutcome.none("unreachable and its data directory not on this host: re-fenced on sight");
            } else if (mode == DatabaseConfig.RemoteFence.STOP) {
                outcome = fencer.fenceRemote(old, candidate);
            } else {
                outcome = FenceOutcome.soft("read-only by default only (dr.failover.database.remote-fence=read-only),"
                        + " which a client session can lift");
            }
        }
        state.put("fence", outcome.level().name());
        state.put("fenceDetail", outcome.detail());
        done.add("fence " + outcome.level() + ": " + outcome.detail());
        if (outcome.level() != FenceOutcome.Level.HARD && "true".equals(state.get("fencedOnline"))) {
            audit.record("failover-service", "fence-not-hard", job.recoveryId(), "old primary "
                    + PgNodes.hostPort(old) + " answers and is fenced " + outcome.level() + ": " + outcome.detail()
                    + "; incident " + job.incidentId());
        }
        return StepOutcome.done(String.join("; ", done));
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

    private StepOutcome promote(String candidate, Map<String, String> state) throws Exception {
        try (Connection c = nodes.connect(candidate); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return StepOutcome.done("already promoted: " + candidate + " is out of recovery");
                }
            }
            // From here on the old primary stays fenced whatever happens: the candidate may be writable.
            state.put("promotionAttempted", "true");
            try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + config.promoteTimeout().toSeconds() + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return StepOutcome.done("promoted " + candidate);
                }
            }
        } catch (SQLException e) {
            if (!"true".equals(state.get("promotionAttempted"))) {
                throw e;
            }
            LOG.warnf("promotion outcome unknown candidate=%s: %s; checking the candidate", candidate,
                    e.getMessage());
        }
        return confirmPromotion(candidate);
    }

    /** A promotion that timed out or lost its connection: ask the candidate itself before anything else happens. */
    private StepOutcome confirmPromotion(String candidate) throws InterruptedException {
        Instant deadline = Instant.now().plus(config.promoteTimeout());
        String last = "not asked";
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = nodes.connect(candidate); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return StepOutcome.done("promoted " + candidate + " (outcome confirmed on the candidate after "
                            + "the promotion call did not answer)");
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

    private StepOutcome updateConnections(RecoveryJob job, Map<String, String> state) {
        String candidate = state.get("candidate");
        String old = state.get("oldPrimary");
        Long timeline = nodes.observe(candidate).timeline();
        QuarkusTransaction.requiringNew().run(() -> topology.promoted(candidate, old.isEmpty() ? null : old, timeline,
                job.action() == RecoveryAction.DATABASE_SWITCHOVER ? "switchover: " + PgNodes.hostPort(candidate)
                        + " promoted, " + (old.isEmpty() ? "no old primary" : PgNodes.hostPort(old) + " fenced"
                                + fenceNote(state))
                        : "failover: " + PgNodes.hostPort(candidate) + " promoted, " + (old.isEmpty()
                                ? "no old primary" : PgNodes.hostPort(old) + " fenced"
                                        + fenceNote(state)), job.incidentId(),
                state.getOrDefault("fence", FenceOutcome.Level.NONE.name())));
        String ns = connections.publish(candidate);
        return StepOutcome.done("primary=" + candidate + (ns == null ? "" : " secret and configmap in " + ns)
                + demote(old));
    }

    private static String fenceNote(Map<String, String> state) {
        String level = state.get("fence");
        return level == null ? "" : " (fence: " + level + ")";
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

    private StepOutcome verifyWrites(String candidate) throws SQLException {
        try (Connection c = nodes.connect(candidate); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dr_failover");
            s.execute("CREATE TABLE IF NOT EXISTS dr_failover.write_check (at timestamptz NOT NULL)");
            s.execute("INSERT INTO dr_failover.write_check VALUES (now())");
        }
        return StepOutcome.done("write committed on " + candidate);
    }

    private StepOutcome repoint(Map<String, String> state) throws SQLException {
        String candidate = state.get("candidate");
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
        return StepOutcome.done(repointed.isEmpty() ? "no other replicas" : "replicas now follow " + candidate + ": "
                + repointed);
    }

    /**
     * Lifts the old primary's online fencing only when no promotion was ever attempted: once pg_promote was called
     * the candidate may be writable (a timeout or a dropped socket says nothing), so the old primary stays fenced.
     */
    @Override
    public List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        boolean promotionMayHappen = failedIndex > STEPS.indexOf("promote")
                || "true".equals(state.get("promotionAttempted"));
        String old = state.get("oldPrimary");
        if (!promotionMayHappen && String.valueOf(state.get("fenceDetail")).startsWith("stopped")) {
            // Stopped by the remote fence and nothing promoted: bringing it back is a decision for its host.
            return List.of("old primary " + old + " was stopped with a standby.signal and nothing was promoted: to "
                    + "serve writes from it again, remove standby.signal from its data directory and start it");
        }
        if (!promotionMayHappen && "true".equals(state.get("fencedOnline")) && fencer.unfenceOnline(old)) {
            return List.of("old primary " + old + " accepts writes again");
        }
        return List.of();
    }

    @Override
    public Completion completion(RecoveryJob job, Map<String, String> state) {
        String candidate = state.get("candidate");
        Instant recoveredTo = state.get("recoveredTo") == null || state.get("recoveredTo").isEmpty() ? null
                : Instant.parse(state.get("recoveredTo"));
        long lossSeconds = Long.parseLong(state.getOrDefault("lagMs", "0")) / 1000;
        String old = state.getOrDefault("oldPrimary", "");
        List<String> next = new ArrayList<>();
        if (!job.dryRun() && FenceOutcome.Level.SOFT.name().equals(state.get("fence"))) {
            next.add("the old primary " + PgNodes.hostPort(old) + " still runs and is NOT fenced hard: "
                    + state.get("fenceDetail") + "; stop it on its host (touch standby.signal in its data directory, "
                    + "pg_ctl stop) before a client lifts read-only and writes there");
        }
        boolean stoppedRemotely = String.valueOf(state.get("fenceDetail")).startsWith("stopped");
        next.addAll(job.dryRun() ? List.of("dry run only: nothing changed") : stoppedRemotely
                ? List.of("the old primary " + PgNodes.hostPort(old) + " is stopped with a standby.signal following "
                        + PgNodes.hostPort(candidate) + ": start it on its host and it comes back as a read-only "
                        + "standby, registered by itself once it streams (if it cannot follow, pg_rewind it there)")
                : List.of("bring " + old + " back as a standby of " + candidate + ": POST /api/v1/recoveries "
                        + "{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + old + "\"} (pg_rewind; its data directory "
                        + "must be on this host), or rebuild it with pg_basebackup and POST /api/v1/database/nodes"));
        return new Completion(candidate, recoveredTo, job.dryRun() ? null : lossSeconds, next);
    }

    private String lastReplay(String url) {
        try (Connection c = nodes.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_last_xact_replay_timestamp()")) {
            rs.next();
            java.sql.Timestamp t = rs.getTimestamp(1);
            return t == null ? "" : t.toInstant().toString();
        } catch (SQLException e) {
            return "";
        }
    }
}
