package org.efp.dr.failover.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Makes an old primary unable to take writes. Reachable: read-only by default for every session and its client
 * sessions cut. On disk (when this host sees its data directory): a standby.signal following the new primary, so a
 * restart brings it back as a read-only standby, never as a second primary. Reachable over SQL only (its data
 * directory on another host): the same fence written there through the server itself, and its postmaster stopped
 * ({@link #fenceRemote}).
 */
@ApplicationScoped
public class Fencer {

    private static final Logger LOG = Logger.getLogger(Fencer.class);

    private final PgNodes nodes;
    private final DatabaseConfig config;
    private final DataDirCommands commands;

    public Fencer(PgNodes nodes, DatabaseConfig config, DataDirCommands commands) {
        this.nodes = nodes;
        this.config = config;
        this.commands = commands;
    }

    /** Fences a running node over SQL; false when it does not answer. */
    public boolean fenceOnline(String url) {
        try (Connection c = nodes.connect(url); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            s.execute("SELECT pg_reload_conf()");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND backend_type = 'client backend'");
            LOG.infof("fenced online node=%s", url);
            return true;
        } catch (SQLException e) {
            LOG.debugf("cannot fence online node=%s: %s", url, e.getMessage());
            return false;
        }
    }

    /** Lifts online fencing (rollback of a failover that did not promote). */
    public boolean unfenceOnline(String url) {
        try (Connection c = nodes.connect(url); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM RESET default_transaction_read_only");
            s.execute("SELECT pg_reload_conf()");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Turns the node into a standby of {@code newPrimary} on disk; empty when its data directory is not here. */
    public Optional<String> fenceOnDisk(String url, String newPrimary) {
        String dir = config.dataDirs().get(PgNodes.hostPort(url));
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return Optional.empty();
        }
        String conninfo = "primary_conninfo = '" + nodes.conninfo(newPrimary) + " application_name=fenced'\n";
        Path data = Path.of(dir);
        commands.run(List.of("touch", data.resolve("standby.signal").toString()));
        commands.run(List.of("sh", "-c", "printf \"%s\" \"$1\" >> \"$2\"", "fence", conninfo,
                data.resolve("postgresql.auto.conf").toString()));
        LOG.infof("fenced on disk node=%s dataDir=%s following=%s", url, dir, newPrimary);
        return Optional.of(dir);
    }

    /**
     * Restarts a node fenced on disk that is still running, so it comes back as the standby its fence made it: from
     * then on no session can write there, whatever it sets for itself (online fencing alone only changes a default).
     * Empty when its data directory is not here, holds no fence, or no server runs on it.
     */
    public Optional<String> demote(String url) {
        String dir = config.dataDirs().get(PgNodes.hostPort(url));
        if (dir == null || !Files.exists(Path.of(dir, "standby.signal"))) {
            return Optional.empty();
        }
        try {
            commands.run(List.of(commands.pg("pg_ctl"), "-D", dir, "status"));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
        Path data = Path.of(dir);
        commands.run(List.of(commands.pg("pg_ctl"), "-D", dir, "-m", "fast", "-w", "-t", "120", "stop"));
        commands.run(List.of(commands.pg("pg_ctl"), "-D", dir, "-l", data.resolveSibling("fenced.log").toString(),
                "-w", "-t", "120", "start"));
        LOG.infof("fenced node restarted as a standby node=%s dataDir=%s", url, dir);
        return Optional.of(dir);
    }

    /**
     * The hard fence of an old primary that answers over SQL but whose data directory is not here (STONITH without an
     * agent on its host), run as the platform's database user: reads its data directory and postmaster pid, validates
     * both, writes standby.signal there and points primary_conninfo at {@code newPrimary}, then stops its postmaster
     * (fast shutdown, so a standby still streaming from it receives everything up to the shutdown checkpoint). HARD
     * only once it no longer accepts connections; anything short of that is SOFT (the read-only default of
     * {@link #fenceOnline}, which a session can lift) with the reason, never claimed as fenced.
     */
    public FenceOutcome fenceRemote(String url, String newPrimary) {
        String node = PgNodes.hostPort(url);
        long pid;
        String dir;
        String follows;
        try (Connection c = nodes.connect(url); Statement s = c.createStatement()) {
            String missing = missingPrivilege(s);
            if (missing != null) {
                return soft(node, "user " + nodes.user() + " " + missing);
            }
            dir = FenceTarget.dataDirectory(text(s, "SHOW data_directory"));
            pid = FenceTarget.postmasterPid(text(s, "SELECT pg_read_file('postmaster.pid')"), dir);
            // Both values passed validation (a plain absolute path, digits only): nothing else reaches the shell.
            s.execute("COPY (SELECT 1 WHERE false) TO PROGRAM 'touch " + dir + "/standby.signal'");
            text(s, "SELECT pg_read_file('standby.signal')");
            follows = follow(s, newPrimary);
        } catch (FenceTarget.Refused e) {
            return soft(node, "refused: " + e.getMessage());
        } catch (SQLException e) {
            return soft(node, "could not write standby.signal: " + e.getMessage());
        }
        String signalled = signalPostmaster(url, pid);
        if (!awaitStopped(url)) {
            return soft(node, "standby.signal written in " + dir + " but postmaster " + pid + " still accepts "
                    + "connections " + config.remoteFenceTimeout().toSeconds() + " s after " + signalled);
        }
        LOG.infof("fenced hard node=%s dataDir=%s postmaster=%d stopped following=%s", node, dir, pid,
                PgNodes.hostPort(newPrimary));
        return FenceOutcome.hard("stopped (postmaster " + pid + ", fast shutdown) with standby.signal in " + dir
                + follows + ": a restart brings it back as a read-only standby");
    }

    private static String missingPrivilege(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT r.rolsuper OR (pg_has_role(current_user, "
                + "'pg_execute_server_program', 'USAGE') AND has_function_privilege('pg_read_file(text)', 'EXECUTE')) "
                + "FROM pg_roles r WHERE r.rolname = current_user")) {
            return rs.next() && rs.getBoolean(1) ? null
                    : "is neither superuser nor a member of pg_execute_server_program with EXECUTE on pg_read_file";
        }
    }

    /** Points primary_conninfo at the new primary; a role without ALTER SYSTEM on it still gets standby.signal. */
    private String follow(Statement s, String newPrimary) {
        String conninfo = nodes.conninfo(newPrimary) + " application_name=fenced";
        try {
            s.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'");
            return ", following " + PgNodes.hostPort(newPrimary);
        } catch (SQLException e) {
            LOG.warnf("remote fence could not set primary_conninfo: %s", e.getMessage());
            return " (primary_conninfo not set: " + e.getMessage() + ")";
        }
    }

    private String signalPostmaster(String url, long pid) {
        try (Connection c = nodes.connect(url); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 1 WHERE false) TO PROGRAM 'kill -INT " + pid + "'");
            return "SIGINT";
        } catch (SQLException e) {
            // The shutdown terminates this very session, possibly before the COPY reports back: judged by the wait.
            LOG.debugf("signalling postmaster %d: %s", pid, e.getMessage());
            return "SIGINT (" + e.getMessage() + ")";
        }
    }

    /** True once the node refuses connections (the postmaster is gone), not merely "shutting down". */
    private boolean awaitStopped(String url) {
        Instant deadline = Instant.now().plus(config.remoteFenceTimeout());
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = nodes.connect(url)) {
                LOG.debugf("node %s still accepts connections", PgNodes.hostPort(url));
            } catch (SQLException e) {
                if ("08001".equals(e.getSQLState())) {
                    return true;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static FenceOutcome soft(String node, String why) {
        LOG.errorf("old primary NOT fenced hard node=%s: %s; it is only read-only by default, which a client session "
                + "can lift: stop it by hand", node, why);
        return FenceOutcome.soft("NOT fenced hard (" + why + "): only read-only by default, which a client session "
                + "can lift");
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no result: " + sql);
            }
            return rs.getString(1);
        }
    }
}
