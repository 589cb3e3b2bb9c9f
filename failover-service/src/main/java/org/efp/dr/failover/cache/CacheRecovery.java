package org.efp.dr.failover.cache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.jboss.logging.Logger;

/**
 * The guide's cache recovery after its deployments restarted: verify the cache answers (PING, authenticated) within
 * {@code ready-timeout}, else the recovery fails; then warm it from energy_forecast (each {@code warm-up} query's rows
 * as keys with a TTL). Warming is best effort, like the cache itself: how warm it got (keys loaded / expected) is
 * measured on the cache and reported in the completion.
 */
@ApplicationScoped
public class CacheRecovery {

    /** The steps a cache restart runs after its deployments restarted. */
    public static final List<String> STEPS = List.of("verify-cache", "warm-cache");

    private static final Logger LOG = Logger.getLogger(CacheRecovery.class);
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9:._-]{1,100}");
    private static final int CHUNK = 500;

    private final CacheConfig config;
    private final Vertx vertx;
    private final Topology topology;
    private final PgNodes nodes;

    public CacheRecovery(CacheConfig config, Vertx vertx, Topology topology, PgNodes nodes) {
        this.config = config;
        this.vertx = vertx;
        this.topology = topology;
        this.nodes = nodes;
    }

    /** Whether a restart is the cache's (its component, with the cache's address configured). */
    public boolean covers(RecoveryJob job) {
        return config.url().isPresent() && config.component().equals(job.component());
    }

    public StepOutcome run(String step, Map<String, String> state) throws Exception {
        return "verify-cache".equals(step) ? verify() : warm(state);
    }

    private StepOutcome verify() throws InterruptedException {
        Instant started = Instant.now();
        Instant deadline = started.plus(config.readyTimeout());
        String last = "not asked";
        while (true) {
            try (CacheSession session = CacheSession.open(vertx, config)) {
                String pong = String.valueOf(session.send(Request.cmd(Command.PING)));
                if ("PONG".equals(pong)) {
                    return StepOutcome.done("cache " + address() + " answers PING (authenticated) "
                            + Duration.between(started, Instant.now()).toMillis() + " ms after the restart");
                }
                last = "answered " + pong;
            } catch (Exception e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IllegalStateException("cache " + address() + " did not answer PING within "
                        + config.readyTimeout().toSeconds() + " s after the restart: " + last);
            }
            Thread.sleep(250);
        }
    }

    private StepOutcome warm(Map<String, String> state) {
        if (config.warmUp().isEmpty()) {
            state.put("cache.keysExpected", "0");
            state.put("cache.keysLoaded", "0");
            state.put("cache.warmUp", "none configured: the cache comes back cold");
            return StepOutcome.done("no warm-up configured: the cache comes back cold");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        long loaded = 0;
        try {
            read(entries, sources);
            loaded = load(entries);
            state.put("cache.warmUp", "loaded from " + String.join(", ", sources));
        } catch (SourceDown e) {
            // The database the cache is warmed from is down as well (a complete failure): the guide recovers
            // databases before the cache, so the warm-up waits for it (the job parked, tried again every few
            // seconds) up to warm-wait; after that the cache stays cold and fills itself from requests.
            Instant now = Instant.now();
            Instant until = Instant.parse(state.computeIfAbsent("cache.warmWaitUntil",
                    k -> now.plus(config.warmWait()).toString()));
            if (now.isBefore(until)) {
                Instant next = now.plusSeconds(3);
                return StepOutcome.waitFor("cache-warm-source", next.isBefore(until) ? next : until,
                        "energy_forecast does not answer (" + e.getMessage() + "): the cache is warmed once it is "
                                + "back (waiting until " + until + ")");
            }
            LOG.warnf("cache warm-up skipped, energy_forecast still down after %s: %s", config.warmWait(),
                    e.getMessage());
            state.put("cache.warmUp", "incomplete: energy_forecast did not answer within " + config.warmWait()
                    + " (" + e.getMessage() + ")");
        } catch (Exception e) {
            // Best effort: a cache that answers is recovered, cold or warm; how warm is what gets reported.
            LOG.warnf("cache warm-up incomplete: %s", e.getMessage());
            state.put("cache.warmUp", "incomplete: " + e.getMessage());
        }
        state.put("cache.keysExpected", String.valueOf(entries.size()));
        state.put("cache.keysLoaded", String.valueOf(loaded));
        return StepOutcome.done("cache warmed: " + loaded + "/" + entries.size() + " keys (ttl "
                + config.ttl().toSeconds() + " s); " + state.get("cache.warmUp"));
    }

    /** energy_forecast, the warm-up's source, does not answer. */
    private static final class SourceDown extends Exception {
        SourceDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void read(Map<String, String> entries, List<String> sources) throws Exception {
        String primary = topology.primary().orElseThrow(() -> new SourceDown("no primary recorded", null));
        Connection connection;
        try {
            connection = nodes.connect(primary);
        } catch (SQLException e) {
            throw new SourceDown(e.getMessage(), e);
        }
        try (Connection c = connection) {
            c.setReadOnly(true);
            for (Map.Entry<String, CacheConfig.WarmUp> source : config.warmUp().entrySet()) {
                String prefix = source.getValue().keyPrefix();
                if (!KEY_PREFIX.matcher(prefix).matches()) {
                    throw new IllegalArgumentException("warm-up " + source.getKey() + ": key prefix must be letters, "
                            + "digits and : . _ - (1-100)");
                }
                int before = entries.size();
                try (Statement s = c.createStatement()) {
                    s.setMaxRows(Math.max(1, config.maxKeys() - entries.size()));
                    s.setQueryTimeout((int) Math.max(1, config.commandTimeout().toSeconds()));
                    try (ResultSet rs = s.executeQuery(source.getValue().query())) {
                        while (rs.next() && entries.size() < config.maxKeys()) {
                            if (rs.getString(1) != null && rs.getString(2) != null) {
                                entries.put(prefix + rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                }
                sources.add(source.getKey() + " " + (entries.size() - before));
            }
        }
    }

    /** SETs every entry with the TTL, then counts on the cache how many of the keys are there. */
    private long load(Map<String, String> entries) throws Exception {
        List<String> keys = new ArrayList<>(entries.keySet());
        long ttl = Math.max(1, config.ttl().toSeconds());
        long present = 0;
        try (CacheSession session = CacheSession.open(vertx, config)) {
            for (int i = 0; i < keys.size(); i += CHUNK) {
                List<Request> sets = new ArrayList<>();
                for (String key : keys.subList(i, Math.min(keys.size(), i + CHUNK))) {
                    sets.add(Request.cmd(Command.SET).arg(key).arg(entries.get(key)).arg("EX").arg(ttl));
                }
                session.batch(sets);
            }
            for (int i = 0; i < keys.size(); i += CHUNK) {
                Request exists = Request.cmd(Command.EXISTS);
                keys.subList(i, Math.min(keys.size(), i + CHUNK)).forEach(exists::arg);
                Response r = session.send(exists);
                present += r.toLong();
            }
        }
        return present;
    }

    /** What a cache recovery reports: how warm the cache is, measured on it. */
    public Completion completion(Map<String, String> state) {
        long expected = Long.parseLong(state.getOrDefault("cache.keysExpected", "0"));
        long loaded = Long.parseLong(state.getOrDefault("cache.keysLoaded", "0"));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("cache.address", address());
        details.put("cache.keysExpected", String.valueOf(expected));
        details.put("cache.keysLoaded", String.valueOf(loaded));
        details.put("cache.warmPercent", expected == 0 ? "0" : String.valueOf(loaded * 100 / expected));
        details.put("cache.warmUp", state.getOrDefault("cache.warmUp", "not run"));
        details.put("cache.ttlSeconds", String.valueOf(config.ttl().toSeconds()));
        List<String> next = loaded < expected || expected == 0 ? List.of("the cache is only " + loaded + "/" + expected
                + " keys warm (" + details.get("cache.warmUp") + "): it fills itself from requests; expect slower "
                + "responses until then") : List.of();
        return new Completion(expected == 0 ? null : topology.cluster(), null, null, next, details);
    }

    /** The cache's address without credentials. */
    private String address() {
        return address(config);
    }

    /** The cache's address without any credentials a URL may carry. */
    static String address(CacheConfig config) {
        String url = config.url().orElse("");
        int at = url.lastIndexOf('@');
        return at < 0 ? url : url.substring(0, url.indexOf("//") + 2) + url.substring(at + 1);
    }
}
