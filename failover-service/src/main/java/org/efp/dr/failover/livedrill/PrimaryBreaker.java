package org.efp.dr.failover.livedrill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.efp.dr.failover.cache.CacheKill;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.database.PgNodes;

/**
 * Breaks what a live drill breaks (the database primary, the cache) the way {@code dr.failover.live-drills.breaker}
 * says; see {@link LiveDrillConfig}.
 */
@ApplicationScoped
public class PrimaryBreaker {

    private static final Pattern POD_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PID = Pattern.compile("[1-9][0-9]{0,9}");

    private final LiveDrillConfig config;
    private final DatabaseConfig database;
    private final KubernetesClient kubernetes;

    private final CacheKill cache;

    public PrimaryBreaker(LiveDrillConfig config, DatabaseConfig database, KubernetesClient kubernetes,
            CacheKill cache) {
        this.config = config;
        this.database = database;
        this.kubernetes = kubernetes;
        this.cache = cache;
    }

    /** Breaks the target of {@code scenario}: the primary at {@code target}, or the cache. */
    public String breakTarget(LiveScenario scenario, String target) {
        return switch (scenario) {
            case DATABASE_FAILURE -> breakPrimary(target);
            case CACHE_FAILURE -> switch (config.breaker()) {
                case LOCAL -> cache.shutdown();
                case KUBERNETES -> deletePod(hostOf(target));
            };
        };
    }

    /** Breaks the primary at {@code url}; returns what was done, throws {@link IllegalStateException} when it cannot. */
    public String breakPrimary(String url) {
        return switch (config.breaker()) {
            case LOCAL -> killPostmaster(url);
            case KUBERNETES -> deletePod(hostOf(url));
        };
    }

    private String killPostmaster(String url) {
        String hostPort = PgNodes.hostPort(url);
        String dir = database.dataDirs().get(hostPort);
        if (dir == null) {
            throw new IllegalStateException("the data directory of " + hostPort + " is not on this host "
                    + "(dr.failover.database.data-dirs): the local breaker cannot reach its postmaster");
        }
        long pid = postmasterPid(Path.of(dir));
        ProcessHandle postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IllegalStateException("no postmaster runs as pid " + pid + " of " + dir));
        String command = postmaster.info().command().orElse("");
        if (!command.endsWith("postgres") && !command.endsWith("postmaster")) {
            throw new IllegalStateException("pid " + pid + " of " + dir + " is not a postmaster (" + command + ")");
        }
        if (!postmaster.destroyForcibly()) {
            throw new IllegalStateException("could not kill the postmaster pid " + pid + " of " + dir);
        }
        return "killed the postmaster of " + hostPort + " (SIGKILL to pid " + pid + ")";
    }

    /** The first line of the data directory's postmaster.pid, validated as a process id. */
    static long postmasterPid(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new IllegalStateException("no running server in " + dataDir + " (no readable postmaster.pid)", e);
        }
        String first = lines.isEmpty() ? "" : lines.get(0).strip();
        if (!PID.matcher(first).matches()) {
            throw new IllegalStateException(dataDir.resolve("postmaster.pid") + " does not start with a pid");
        }
        return Long.parseLong(first);
    }

    /** The host of a {@code jdbc:postgresql://} or {@code redis://} address. */
    static String hostOf(String url) {
        String hostPort = url.startsWith("redis://") ? url.substring("redis://".length()).split("/", 2)[0]
                : PgNodes.hostPort(url);
        return hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
    }

    private String deletePod(String host) {
        String pod = podOf(host);
        String namespace = config.namespace().orElse(kubernetes.getNamespace());
        var deleted = kubernetes.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
        if (deleted.isEmpty()) {
            throw new IllegalStateException("no pod " + pod + " in namespace " + namespace + " to delete");
        }
        return "deleted pod " + namespace + "/" + pod + " at once (grace period 0)";
    }

    /** The pod a primary's host names: its first label, which must be a valid pod name (an IP address names none). */
    static String podOf(String host) {
        String first = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        if (!POD_NAME.matcher(first).matches() || host.matches("[0-9.]+")) {
            throw new IllegalStateException("the host " + host + " does not start with a pod name");
        }
        return first;
    }
}
