package org.efp.dr.failover.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepFailure;
import org.efp.dr.common.jobs.StepProcedure;
import org.efp.dr.common.jobs.StepResult;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.TypedProcedure;
import org.jboss.logging.Logger;

/**
 * Brings an old primary back as a standby of the current primary, as Patroni and CloudNativePG do after a failover:
 * stop it, rewind its data directory to the point where the timelines parted ({@code pg_rewind}, which needs
 * {@code wal_log_hints = on} or data checksums on the node), keep its own configuration (port, listen address, access
 * rules; {@code pg_rewind} copies the primary's), drop the fencing settings, follow the primary, start it and wait
 * until it streams. A node that cannot be rewound, or does not start after the rewind, is cloned again from the
 * primary with {@code pg_basebackup} (its own configuration kept), as Patroni's reinit does. Then the platform has a
 * standby again for the next failover. {@code target} names the node's
 * JDBC URL (default: the node fenced last); its data directory must be on this host ({@code data-dirs}).
 */
@ApplicationScoped
public class DatabaseRejoinProcedure extends TypedProcedure<DatabaseRejoinProcedure.Step, RejoinState> {

    /** The steps, in the order they run. */
    enum Step {
        CHECK_NODE,
        STOP_NODE,
        REWIND,
        CONFIGURE_STANDBY,
        START_NODE,
        VERIFY_STREAMING
    }

    private static final List<String> OWN_CONFIG = List.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf",
            "pg_ident.conf");
    private static final Logger LOG = Logger.getLogger(DatabaseRejoinProcedure.class);

    private final Topology topology;
    private final PgNodes nodes;
    private final DatabaseConfig config;
    private final DataDirCommands commands;

    public DatabaseRejoinProcedure(Topology topology, PgNodes nodes, DatabaseConfig config, DataDirCommands commands) {
        this.topology = topology;
        this.nodes = nodes;
        this.config = config;
        this.commands = commands;
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.DATABASE_REJOIN);
    }

    @Override
    public List<Step> plan(RecoveryJob job) {
        return List.of(Step.values());
    }

    @Override
    public Class<RejoinState> stateType() {
        return RejoinState.class;
    }

    @Override
    public StepResult<RejoinState> step(RecoveryJob job, Step step, RejoinState state) throws Exception {
        if (step == Step.CHECK_NODE) {
            return check(job, state);
        }
        if (job.dryRun()) {
            return StepResult.done(state, "dry run: would " + StepProcedure.label(step) + " " + state.node()
                    + " (primary " + state.primary() + ")");
        }
        Path data = Path.of(state.dataDir());
        return switch (step) {
            case CHECK_NODE -> check(job, state);
            case STOP_NODE -> StepResult.done(state, stop(data));
            case REWIND -> rewind(data, state);
            case CONFIGURE_STANDBY -> StepResult.done(state, configure(data, state));
            case START_NODE -> start(data, state);
            case VERIFY_STREAMING -> StepResult.done(state, verify(state, job.incidentId()));
        };
    }

    private StepResult<RejoinState> check(RecoveryJob job, RejoinState state) throws SQLException {
        String target = job.target() == null || job.target().isBlank() || job.target().equals(topology.cluster())
                ? null : job.target();
        String node = target == null
                ? topology.fenced().stream().reduce((first, last) -> last)
                        .orElseThrow(() -> new IllegalStateException("no fenced node to rejoin; name one as target"))
                : topology.find(target).map(Topology.Member::url).orElse(target);
        if (!node.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("target " + target + " is not a node of " + topology.cluster());
        }
        String primary = topology.primary().orElseThrow(() -> new IllegalStateException("no primary recorded"));
        // By host:port: the same server under another database name in its URL is still the primary.
        if (PgNodes.hostPort(node).equals(PgNodes.hostPort(primary))) {
            throw new IllegalStateException(PgNodes.hostPort(node) + " is the current primary; only an old primary "
                    + "or a standby rejoins, the primary is never stopped or rewound");
        }
        String dir = config.dataDirs().get(PgNodes.hostPort(node));
        // A data directory that does not exist (a spare node never used, or a node whose data was lost with its
        // disk) is created by pg_basebackup, as long as the place it belongs in is on this host.
        if (dir == null || !Files.isDirectory(Path.of(dir))
                && !(Path.of(dir).getParent() != null && Files.isDirectory(Path.of(dir).getParent()))) {
            throw new IllegalStateException("the data directory of " + node + " is not on this host (set "
                    + "dr.failover.database.data-dirs.\"" + PgNodes.hostPort(node) + "\")");
        }
        try (Connection c = nodes.connect(primary); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new IllegalStateException("the recorded primary " + primary + " is in recovery");
            }
        }
        return StepResult.done(state.checked(node, primary, dir), node + " (data " + dir + ") will follow " + primary);
    }

    private String stop(Path data) {
        if (!running(data)) {
            return "not running";
        }
        commands.run(List.of(commands.pg("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "120", "stop"));
        return "stopped (fast)";
    }

    private StepResult<RejoinState> rewind(Path data, RejoinState state) throws StepFailure {
        Path saved = data.resolveSibling(data.getFileName() + ".own-config");
        if (!Files.isDirectory(saved)) {
            commands.run(List.of("mkdir", "-p", saved.toString()));
            for (String file : OWN_CONFIG) {
                if (Files.exists(data.resolve(file))) {
                    commands.run(List.of("cp", "-p", data.resolve(file).toString(), saved.resolve(file).toString()));
                }
            }
        }
        RejoinState kept = state.withOwnConfig(saved.toString());
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            // Nothing to rewind: the node's data was lost with its disk (or a spare never held any).
            return StepResult.done(reclone(data, kept), "no cluster in " + data + " (its data is gone): cloned from "
                    + state.primary() + " with pg_basebackup");
        }
        try {
            String out = commands.run(List.of(commands.pg("pg_rewind"), "--target-pgdata=" + data, "--source-server="
                    + nodes.conninfo(state.primary()) + " dbname=postgres"), nodes.clientEnv());
            String last = out.lines().reduce((first, line) -> line).orElse("").trim();
            return StepResult.done(kept, last.isEmpty() ? "rewound" : last);
        } catch (IllegalStateException e) {
            LOG.warnf("pg_rewind failed, cloning the node again node=%s: %s", state.node(), e.getMessage());
            return StepResult.done(reclone(data, kept), "pg_rewind could not rewind (" + e.getMessage()
                    + "); cloned again from " + state.primary() + " with pg_basebackup");
        }
    }

    /**
     * The fallback when a node cannot be rewound: a fresh copy of the primary (its own configuration kept). The old
     * data directory holds data nobody else may have (diverged writes): it is moved aside, next to it, never deleted.
     */
    private RejoinState reclone(Path data, RejoinState state) throws StepFailure {
        RejoinState cloning = state;
        try {
            if (Files.exists(data.resolve("PG_VERSION"))) {
                Path aside = aside(data, Instant.now());
                commands.run(List.of("mv", data.toString(), aside.toString()));
                cloning = state.withMovedAside(aside.toString());
                LOG.warnf("old data directory kept node=%s at=%s", state.node(), aside);
            } else if (Files.isDirectory(data)) {
                // Not a cluster (a spare node's empty directory): rmdir refuses anything but an empty one, and
                // pg_basebackup then creates it with the permissions PostgreSQL insists on.
                commands.run(List.of("rmdir", data.toString()));
            }
            commands.run(List.of(commands.pg("pg_basebackup"), "-D", data.toString(), "-X", "stream", "-c", "fast",
                    "-d", nodes.conninfo(state.primary()) + " dbname=postgres"), nodes.clientEnv());
            if (cloning.movedAside() != null) {
                removeOldAside(data, Path.of(cloning.movedAside()));
            }
            return cloning.withRecloned();
        } catch (RuntimeException e) {
            // Where the old data went is worth keeping even when the clone failed.
            throw new StepFailure(cloning, e);
        }
    }

    /**
     * Removes the moved-aside directories of {@code data} beyond the newest {@code keep-diverged}, never {@code just}
     * (the one this rejoin moved aside). Runs once the clone succeeded; a failure to remove is logged and changes
     * nothing else.
     */
    private void removeOldAside(Path data, Path just) {
        try (var list = Files.list(data.toAbsolutePath().getParent())) {
            List<Path> siblings = list.toList();
            for (Path old : expiredAside(data, siblings, config.keepDiverged())) {
                if (old.equals(just.toAbsolutePath())) {
                    continue;
                }
                commands.run(List.of("rm", "-rf", "--", old.toString()));
                LOG.warnf("old moved-aside data directory removed at=%s (keep-diverged=%d)", old,
                        config.keepDiverged());
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("old moved-aside data directories next to %s not removed: %s", data, e.getMessage());
        }
    }

    /**
     * Those of {@code siblings} that are moved-aside copies of {@code data} ({@code <name>.diverged-<time>} in its
     * directory, nothing else) beyond the newest {@code keep} (at least 1), oldest first.
     */
    static List<Path> expiredAside(Path data, List<Path> siblings, int keep) {
        String prefix = data.getFileName() + ".diverged-";
        Path parent = data.toAbsolutePath().getParent();
        java.util.regex.Pattern time = java.util.regex.Pattern.compile(
                "([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{6})([0-9]{0,9})Z");
        List<Path> aside = siblings.stream().map(Path::toAbsolutePath)
                .filter(p -> parent.equals(p.getParent()) && p.getFileName().toString().startsWith(prefix)
                        && time.matcher(p.getFileName().toString().substring(prefix.length())).matches())
                .sorted(java.util.Comparator.comparing(p -> {
                    var m = time.matcher(p.getFileName().toString().substring(prefix.length()));
                    m.matches();
                    // (the fraction as Instant.toString writes it: 0, 3, 6 or 9 digits; padded to compare)
                    return m.group(1) + m.group(2) + (m.group(3) + "000000000").substring(0, 9);
                })).toList();
        return aside.subList(0, Math.max(0, aside.size() - Math.max(1, keep)));
    }

    /** Where a node's old data directory goes before it is cloned again: next to it, named by the time. */
    static Path aside(Path data, Instant at) {
        return data.resolveSibling(data.getFileName() + ".diverged-" + at.toString().replace(":", "").replace(".", ""));
    }

    /** A node that did not start is cloned again once: a clone that does not start either fails the step. */
    static boolean clonesAgain(RejoinState state) {
        return !state.recloned();
    }

    private String configure(Path data, RejoinState state) {
        Path saved = Path.of(state.ownConfig());
        for (String file : OWN_CONFIG) {
            if (Files.exists(saved.resolve(file))) {
                commands.run(List.of("cp", "-p", saved.resolve(file).toString(), data.resolve(file).toString()));
            }
        }
        Path auto = data.resolve("postgresql.auto.conf");
        commands.run(List.of("touch", auto.toString()));
        commands.run(List.of("sed", "-i", "-e", "/^default_transaction_read_only/d", "-e", "/^primary_conninfo/d",
                "-e", "/^primary_slot_name/d", "-e", "/^port = /d", auto.toString()));
        String append = "printf \"primary_conninfo = '%s application_name=rejoined'\\n\" \"$1\" >> \"$2\"";
        commands.run(List.of("sh", "-c", append, "rejoin", nodes.conninfo(state.primary()), auto.toString()));
        // Its own port, whatever a fresh clone copied from the primary (a spare node has no configuration of its own).
        String hostPort = PgNodes.hostPort(state.node());
        commands.run(List.of("sh", "-c", "printf \"port = %s\\n\" \"$1\" >> \"$2\"", "rejoin",
                hostPort.substring(hostPort.lastIndexOf(':') + 1), auto.toString()));
        commands.run(List.of("touch", data.resolve("standby.signal").toString()));
        return "own configuration kept, fencing removed, following " + state.primary();
    }

    private StepResult<RejoinState> start(Path data, RejoinState state) throws StepFailure {
        if (running(data)) {
            return StepResult.done(state, "already running");
        }
        try {
            startServer(data);
            return StepResult.done(state, "started");
        } catch (IllegalStateException e) {
            if (!clonesAgain(state)) {
                throw e;
            }
            // A rewind can leave a node that cannot reach consistency (timelines that share an id, WAL the primary
            // no longer has): clone it again rather than leave the platform without a standby.
            LOG.warnf("rewound node did not start, cloning it again node=%s: %s", state.node(), e.getMessage());
            if (running(data)) {
                commands.run(List.of(commands.pg("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
            }
            RejoinState cloned = reclone(data, state);
            try {
                configure(data, cloned);
                startServer(data);
            } catch (RuntimeException again) {
                throw new StepFailure(cloned, again);
            }
            return StepResult.done(cloned, "the rewound node did not start (" + e.getMessage() + "); cloned again "
                    + "from " + state.primary() + " with pg_basebackup and started");
        }
    }

    private void startServer(Path data) {
        Path log = data.resolveSibling("rejoin.log");
        try {
            commands.run(List.of(commands.pg("pg_ctl"), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "120",
                    "start"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; server log: " + tail(log), e);
        }
    }

    private String verify(RejoinState state, String incidentId) throws Exception {
        String node = state.node();
        Instant deadline = Instant.now().plus(config.promoteTimeout());
        String last = "not reachable";
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = nodes.connect(node); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), (SELECT status FROM "
                            + "pg_stat_wal_receiver)")) {
                rs.next();
                last = rs.getBoolean(1) ? "in recovery, receiver " + rs.getString(2) : "not in recovery";
                if (rs.getBoolean(1) && "streaming".equals(rs.getString(2))) {
                    String why = "rejoin: " + PgNodes.hostPort(node) + " streams from "
                            + PgNodes.hostPort(state.primary()) + " as a standby"
                            + (state.movedAside() != null ? " (cloned again; its old data kept in "
                                    + state.movedAside() + ")" : "");
                    topology.register(node, Topology.STANDBY, why, incidentId);
                    commands.run(List.of("rm", "-rf", state.ownConfig()));
                    return node + " streams from " + state.primary() + "; registered as standby";
                }
            } catch (SQLException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(node + " does not stream from " + state.primary() + " within "
                + config.promoteTimeout() + ": " + last);
    }

    @Override
    protected Completion complete(RecoveryJob job, RejoinState state) {
        return new Completion(state.node(), null, null, job.dryRun() ? List.of("dry run only: nothing changed")
                : state.movedAside() != null
                        ? List.of(state.node() + " is a standby of " + state.primary(), "its old data "
                                + "directory (diverged writes) is kept in " + state.movedAside()
                                + ": review it, then remove it")
                        : List.of(state.node() + " is a standby of " + state.primary()));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private boolean running(Path data) {
        try {
            commands.run(List.of(commands.pg("pg_ctl"), "-D", data.toString(), "status"));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }


}
