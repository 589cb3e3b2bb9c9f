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
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;

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

    public DatabaseFailoverProcedure(Topology topology, PgNodes nodes, Fencer fencer, ConnectionPublisher connections,
            DatabaseConfig config, SeedConfig seed) {
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
            case "promote" -> promote(state.get("candidate"));
            case "update-connection-strings" -> updateConnections(state);
            case "verify-writes" -> verifyWrites(state.get("candidate"));
            default -> repoint(state);
        };
    }

    private StepOutcome verifyStandby(RecoveryJob job, Map<String, String> state) {
        String primary = topology.primary().orElse(null);
        boolean planned = job.action() == RecoveryAction.DATABASE_SWITCHOVER;
        List<String> problems = new ArrayList<>();
        // A JDBC URL as target names the candidate (a switchover to a chosen standby); otherwise any standby fits.
        List<String> candidates = job.target() != null && job.target().startsWith("jdbc:postgresql://")
                ? List.of(job.target()) : topology.standbys();
        for (String url : candidates) {
            StandbyStatus s = nodes.standbyStatus(url, primary);
            if (s.reachable() && s.inRecovery() && (planned || s.withinRpo(rpo, config.maxLagBytes()))) {
                state.put("candidate", url);
                state.put("oldPrimary", primary == null ? "" : primary);
                state.put("lagBytes", String.valueOf(s.lagBytes()));
                state.put("lagMs", String.valueOf(s.lag().toMillis()));
                state.put("recoveredTo", lastReplay(url));
                return StepOutcome.done(s.describe() + " within RPO " + rpo);
            }
            problems.add(s.describe());
        }
        throw new IllegalStateException("no standby fit for promotion: " + (problems.isEmpty() ? "none registered"
                : String.join("; ", problems)));
    }

    private StepOutcome fence(RecoveryJob job, Map<String, String> state) throws Exception {
        String old = state.get("oldPrimary");
        String candidate = state.get("candidate");
        if (old == null || old.isEmpty()) {
            return StepOutcome.done("no old primary recorded");
        }
        List<String> done = new ArrayList<>();
        if (fencer.fenceOnline(old)) {
            state.put("fencedOnline", "true");
            done.add("old primary reachable: made read-only, client sessions terminated");
            if (job.action() == RecoveryAction.DATABASE_SWITCHOVER) {
                done.add(awaitCatchUp(old, candidate));
            }
        }
        fencer.fenceOnDisk(old, candidate).ifPresent(dir -> done.add("standby.signal written in " + dir));
        if (done.isEmpty()) {
            done.add("old primary unreachable and its data directory not on this host: it is re-fenced on sight");
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

    private StepOutcome promote(String candidate) throws SQLException {
        try (Connection c = nodes.connect(candidate); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return StepOutcome.done("already promoted: " + candidate + " is out of recovery");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + config.promoteTimeout().toSeconds() + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("pg_promote did not finish within " + config.promoteTimeout());
                }
            }
        }
        return StepOutcome.done("promoted " + candidate);
    }

    private StepOutcome updateConnections(Map<String, String> state) {
        String candidate = state.get("candidate");
        String old = state.get("oldPrimary");
        QuarkusTransaction.requiringNew().run(() -> topology.promoted(candidate, old.isEmpty() ? null : old));
        String ns = connections.publish(candidate);
        return StepOutcome.done("primary=" + candidate + (ns == null ? "" : " secret and configmap in " + ns));
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

    @Override
    public List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        boolean promoted = failedIndex > STEPS.indexOf("promote");
        if (!promoted && "true".equals(state.get("fencedOnline")) && fencer.unfenceOnline(state.get("oldPrimary"))) {
            return List.of("old primary " + state.get("oldPrimary") + " accepts writes again");
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
        return new Completion(candidate, recoveredTo, job.dryRun() ? null : lossSeconds, job.dryRun()
                ? List.of("dry run only: nothing changed")
                : List.of("bring " + old + " back as a standby of " + candidate + ": POST /api/v1/recoveries "
                        + "{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + old + "\"} (pg_rewind; its data directory "
                        + "must be on this host), or rebuild it with pg_basebackup and POST /api/v1/database/nodes"));
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
