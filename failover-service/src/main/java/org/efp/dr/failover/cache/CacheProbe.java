package org.efp.dr.failover.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.efp.dr.failover.detection.ComponentProbe;

/**
 * The cache's health probe (on with {@code dr.failover.cache.probe}): an authenticated PING that must answer PONG
 * within {@code probe-timeout}. A killed or hung Redis becomes a cache outage, which the runbook recovers by
 * restarting its deployment and verifying and warming it ({@link CacheRecovery}).
 */
@ApplicationScoped
public class CacheProbe implements ComponentProbe {

    private final CacheConfig config;
    private final Vertx vertx;

    public CacheProbe(CacheConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    @Override
    public String component() {
        return config.component();
    }

    @Override
    public boolean enabled() {
        return config.probe() && config.url().isPresent();
    }

    @Override
    public String problem() {
        Duration timeout = config.probeTimeout();
        try (CacheSession session = CacheSession.open(vertx, config, timeout)) {
            String pong = String.valueOf(session.send(Request.cmd(Command.PING)));
            return "PONG".equals(pong) ? null : "cache " + CacheRecovery.address(config) + " answered PING with " + pong;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "cache " + CacheRecovery.address(config) + " did not answer PING: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
