package org.efp.dr.failover.database;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.PgBinaries;
import org.jboss.logging.Logger;

/**
 * Runs commands on a node's data directory as the directory's owner ({@code runuser} when this process is root, as
 * PostgreSQL refuses to run as root and its files must keep their owner): fencing on disk, pg_ctl, pg_rewind.
 */
@ApplicationScoped
public class DataDirCommands {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final Logger LOG = Logger.getLogger(DataDirCommands.class);

    private final DatabaseConfig config;
    private final PgNodes nodes;

    public DataDirCommands(DatabaseConfig config, PgNodes nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /** A PostgreSQL program of the newest installed version (PATH when none is found). */
    public String pg(String program) {
        return PgBinaries.newestWith(program).map(dir -> dir.resolve(program)).map(Path::toString).orElse(program);
    }

    /** Runs {@code command} as the owner with {@code env} added; returns its output, throws with it on failure. */
    public String run(List<String> command, Map<String, String> env) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", config.dataDirOwner(), "--"));
        }
        full.addAll(command);
        String name = command.get(0).replaceAll(".*/", "");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            builder.environment().putAll(env);
            builder.environment().put("PGUSER", nodes.user());
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            Process p = builder.start();
            p.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException e) {
                    // the process is gone
                }
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
            Duration timeout = config.commandTimeout();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(name + " killed: still running after " + timeout
                        + " (dr.failover.database.command-timeout)");
            }
            reader.join(10_000);
            String out = output.toString(StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed: " + out.trim());
            }
            LOG.debugf("ran %s: %s", name, out.trim());
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + name, e);
        }
    }

    /** As {@link #run(List, Map)} with nothing added to the environment. */
    public String run(List<String> command) {
        return run(command, Map.of());
    }
}
