package org.efp.dr.failover.cache;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Ends the cache process for a live drill without saving ({@code SHUTDOWN NOSAVE}, authenticated): what it held is
 * lost as when it is killed, and whatever runs it (its pod, the local run's supervisor) starts it again, empty.
 */
@ApplicationScoped
public class CacheKill {

    private final CacheConfig config;
    private final CacheProbe probe;
    private final Vertx vertx;

    public CacheKill(CacheConfig config, CacheProbe probe, Vertx vertx) {
        this.config = config;
        this.probe = probe;
        this.vertx = vertx;
    }

    /** The cache's address without credentials, when one is configured. */
    public Optional<String> address() {
        return config.url().map(u -> CacheRecovery.address(config));
    }

    /** The component a cache outage is declared for ({@code dr.failover.cache.component}). */
    public String component() {
        return config.component();
    }

    /** Whether the cache is probed here (a cache outage is detected at all). */
    public boolean probed() {
        return probe.enabled();
    }

    /** Whether the cache answers PING now. */
    public boolean answers() {
        return config.url().isPresent() && probe.problem() == null;
    }

    /**
     * Shuts the cache down without saving; what was done, or {@link IllegalStateException} when the same server
     * (its {@code run_id}) still answers a few seconds later. A server that answers with another run id was started
     * again (by its supervisor): the break happened.
     */
    public String shutdown() {
        String address = address().orElseThrow(() -> new IllegalStateException("no cache configured "
                + "(dr.failover.cache.url)"));
        String before = runId().orElseThrow(() -> new IllegalStateException("the cache at " + address
                + " does not answer: nothing to shut down"));
        try (CacheSession session = CacheSession.open(vertx, config)) {
            session.send(Request.cmd(Command.SHUTDOWN).arg("NOSAVE"));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // A cache that shuts down closes the connection instead of answering: checked below.
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (before.equals(runId().orElse(null))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cache at " + address + " still runs (run_id " + before
                        + ") 5 s after SHUTDOWN NOSAVE");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
        }
        return "shut the cache " + address + " down without saving (SHUTDOWN NOSAVE): what it held is gone";
    }

    /** The answering server's {@code run_id} (new on every start), or empty when it does not answer. */
    private Optional<String> runId() {
        try (CacheSession session = CacheSession.open(vertx, config, config.probeTimeout())) {
            String info = String.valueOf(session.send(Request.cmd(Command.INFO).arg("server")));
            return info.lines().filter(l -> l.startsWith("run_id:")).map(l -> l.substring(7).strip()).findFirst();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }
}
