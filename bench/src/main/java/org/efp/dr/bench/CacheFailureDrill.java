package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.efp.dr.testkit.RedisServer;

/**
 * The guide's cache failure, live: the cache (Redis) is killed with SIGKILL. Then the drill only watches whether the
 * platform notices (failover-service's cache probe opens a cache incident), the cache answers again (in the local run
 * it is restarted as its pod would be, empty), the runbook's restart verifies and warms it, and metrics-service
 * measures the incident as recovered. The cache's RPO is best effort: what it held is not counted as lost.
 */
final class CacheFailureDrill extends ComponentDrill {

    static final String SCENARIO = "cache_failure";
    static final String COMPONENT = "cache";

    private final Path pidFile;
    private final RedisServer cache;
    private long killed;

    /**
     * @param pidFile where the cache's pid is written ({@code <DR_HOME>/data/redis/redis.pid})
     * @param url the cache's address, {@code redis://127.0.0.1:port}
     * @param password its password (never printed)
     */
    CacheFailureDrill(LivePlatform platform, Path pidFile, String url, String password, Duration rto,
            Duration watchTimeout, PrintStream out) {
        super(platform, SCENARIO, COMPONENT, rto, null, watchTimeout, out);
        this.pidFile = pidFile;
        this.cache = new RedisServer(pidFile.getParent(), URI.create(url).getPort(), password);
    }

    @Override
    String prepare() throws IOException {
        if (!"PONG".equals(ping())) {
            throw new IllegalStateException("the cache at " + cache.url() + " does not answer PING: nothing to break");
        }
        killed = pid();
        return "cache " + cache.url() + " (pid " + killed + ", " + keys() + " key(s))";
    }

    @Override
    String breakIt() {
        ProcessHandle.of(killed).orElseThrow(() -> new IllegalStateException("no process " + killed))
                .destroyForcibly();
        return "killed the cache (SIGKILL to pid " + killed + ")";
    }

    @Override
    String healed() {
        try {
            return "PONG".equals(ping()) && pid() != killed ? "the cache answers again (pid " + pid() + ")" : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    String putBack() {
        return "the cache did not come back; start the platform's cache again with ./dr down && ./dr up";
    }

    @Override
    void after() {
        step("the cache holds " + keys() + " key(s) after the platform warmed it");
    }

    private String ping() {
        try {
            return cache.command("PING", true);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private String keys() {
        try {
            return cache.command("DBSIZE", true);
        } catch (UncheckedIOException e) {
            return "?";
        }
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}
