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

    /** Whether the cache is probed here (a cache outage is detected at all). */
    public boolean probed() {
        return probe.enabled();
    }

    /** Whether the cache answers PING now. */
    public boolean answers() {
        return config.url().isPresent() && probe.problem() == null;
    }

    /** Shuts the cache down without saving; what was done, or {@link IllegalStateException} when it still answers. */
    public String shutdown() {
        String address = address().orElseThrow(() -> new IllegalStateException("no cache configured "
                + "(dr.failover.cache.url)"));
        try (CacheSession session = CacheSession.open(vertx, config)) {
            session.send(Request.cmd(Command.SHUTDOWN).arg("NOSAVE"));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // A cache that shuts down closes the connection instead of answering: checked below.
        }
        if (answers()) {
            throw new IllegalStateException("the cache at " + address + " still answers PING after SHUTDOWN NOSAVE");
        }
        return "shut the cache " + address + " down without saving (SHUTDOWN NOSAVE): what it held is gone";
    }
}
