package org.efp.dr.failover.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Makes an old primary unable to take writes. Reachable: read-only by default for every session and its client
 * sessions cut. On disk (when this host sees its data directory): a standby.signal following the new primary, so a
 * restart brings it back as a read-only standby, never as a second primary.
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
}
