package org.efp.dr.failover.region;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.TypedProcedure;
import org.efp.dr.failover.scaling.Scaler;

/**
 * The guide's region failover: verify the backup region, switch DNS, promote its read replicas, scale its services
 * up, verify the system; on failure, rollback_failover (DNS back, services scaled back). A dry run (the quarterly
 * simulation drill) runs the checks for real and only reports what it would change.
 */
@ApplicationScoped
public class RegionFailoverProcedure extends TypedProcedure<RegionFailoverProcedure.Step, RegionState> {

    /** The guide's five steps, in order. */
    enum Step {
        VERIFY_BACKUP_REGION,
        SWITCH_DNS,
        PROMOTE_READ_REPLICAS,
        SCALE_UP_SERVICES,
        VERIFY_SYSTEM_HEALTH
    }

    private final RegionConfig config;
    private final DnsProvider dns;
    private final HealthChecks checks;
    private final PgNodes nodes;
    private final Scaler scaler;

    public RegionFailoverProcedure(RegionConfig config, DnsProvider dns, HealthChecks checks, PgNodes nodes,
            Scaler scaler) {
        this.config = config;
        this.dns = dns;
        this.checks = checks;
        this.nodes = nodes;
        this.scaler = scaler;
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.REGION_FAILOVER);
    }

    @Override
    public List<Step> plan(RecoveryJob job) {
        return List.of(Step.values());
    }

    @Override
    public Class<RegionState> stateType() {
        return RegionState.class;
    }

    @Override
    public StepResult<RegionState> step(RecoveryJob job, Step step, RegionState state) throws Exception {
        boolean dry = job.dryRun();
        return switch (step) {
            case VERIFY_BACKUP_REGION -> StepResult.done(state, verify(list(job, "healthChecks",
                    config.healthChecks()), "region " + (job.target() == null || job.target().isBlank()
                            ? config.backupRegion() : job.target())));
            case SWITCH_DNS -> switchDns(job, state, dry);
            case PROMOTE_READ_REPLICAS -> StepResult.done(state, promote(list(job, "readReplicas",
                    config.readReplicas()), list(job, "awaitPrimary", config.awaitPrimary()), dry));
            case SCALE_UP_SERVICES -> scaleUp(job, state, dry);
            case VERIFY_SYSTEM_HEALTH -> StepResult.done(state, verifySystem(list(job, "verifyChecks",
                    config.verifyChecks())));
        };
    }

    private String verify(List<String> urls, String what) {
        List<String> problems = checks.problems(urls);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(what + " unhealthy: " + problems);
        }
        return what + " healthy (" + urls.size() + " checks)";
    }

    /** The system's checks, polled until they pass or verify-timeout ends. */
    private String verifySystem(List<String> urls) {
        long t0 = System.nanoTime();
        long deadline = t0 + config.verifyTimeout().toNanos();
        List<String> problems = checks.problems(urls);
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000_000L);
            problems = checks.problems(urls);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("system unhealthy after " + config.verifyTimeout() + ": " + problems);
        }
        return "system healthy (" + urls.size() + " checks, " + (System.nanoTime() - t0) / 1_000_000 + " ms)";
    }

    private StepResult<RegionState> switchDns(RecoveryJob job, RegionState state, boolean dry) throws StepFailure {
        String record = job.parameter("dnsRecord", config.dns().record());
        String target = job.parameter("dnsTarget", config.dns().backupTarget());
        String before = dns.current(record).orElse("");
        if (dry) {
            return StepResult.done(state, "dry run: would point " + record + " from " + before + " to " + target);
        }
        // Recorded before the switch, so a rollback points it back even when the switch fails half-way.
        RegionState switched = state.withDnsBefore(before);
        try {
            dns.point(record, target);
        } catch (RuntimeException e) {
            throw new StepFailure(switched, e);
        }
        return StepResult.done(switched, record + " now points to " + target + " (was " + before + ")");
    }

    private String promote(List<String> replicas, List<String> awaited, boolean dry) throws Exception {
        List<String> done = new ArrayList<>();
        if (!awaited.isEmpty()) {
            done.add(dry ? "would wait for a writable primary among " + awaited : awaitPrimary(awaited));
        }
        for (String url : replicas) {
            try (Connection c = nodes.connect(url); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    done.add(url + " already primary");
                } else if (dry) {
                    done.add("would promote " + url);
                } else {
                    s.execute("SELECT pg_promote(true, 60)");
                    done.add("promoted " + url);
                }
            }
        }
        return done.isEmpty() ? "no read replicas configured" : String.join("; ", done);
    }

    /** Waits (up to await-primary-timeout) until one of the URLs is a writable primary; names it. */
    private String awaitPrimary(List<String> urls) {
        long deadline = System.nanoTime() + config.awaitPrimaryTimeout().toNanos();
        while (true) {
            for (String url : urls) {
                if (nodes.writablePrimary(url).orElse(false)) {
                    return PgNodes.hostPort(url) + " is the writable primary (promoted by the database failover)";
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no writable primary among " + urls + " within "
                        + config.awaitPrimaryTimeout());
            }
            LockSupport.parkNanos(500_000_000L);
        }
    }

    private StepResult<RegionState> scaleUp(RecoveryJob job, RegionState state, boolean dry) throws StepFailure {
        String ns = scaler.namespace(job.parameter("namespace", config.namespace().orElse(null)));
        int replicas = Integer.parseInt(job.parameter("replicas", String.valueOf(config.replicas())));
        List<String> done = new ArrayList<>();
        RegionState scaled = state;
        for (String name : list(job, "deployments", config.deployments())) {
            if (dry) {
                done.add(name + " " + scaler.replicas(ns, name) + "->" + replicas + " (dry run)");
                continue;
            }
            try {
                int before = scaler.scale(ns, name, replicas);
                scaled = scaled.withScaled(name, before);
                done.add(name + " " + before + "->" + replicas);
            } catch (RuntimeException e) {
                throw new StepFailure(scaled, e);
            }
        }
        return StepResult.done(scaled, "scaled in " + ns + ": " + done);
    }

    @Override
    public List<String> undo(RecoveryJob job, Step failed, RegionState state, String error) {
        List<String> undone = new ArrayList<>();
        if (job.dryRun()) {
            return undone;
        }
        String ns = scaler.namespace(job.parameter("namespace", config.namespace().orElse(null)));
        state.scaled().forEach((name, before) -> {
            scaler.scale(ns, name, before);
            undone.add(name + " back to " + before);
        });
        String before = state.dnsBefore();
        if (before != null && !before.isEmpty()) {
            String record = job.parameter("dnsRecord", config.dns().record());
            dns.point(record, before);
            undone.add(record + " back to " + before);
        }
        return undone;
    }

    private static List<String> list(RecoveryJob job, String parameter, Optional<List<String>> configured) {
        String override = job.parameters().get(parameter);
        if (override != null) {
            return Arrays.stream(override.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return configured.orElse(List.of());
    }
}
