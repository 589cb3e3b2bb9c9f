package org.efp.dr.failover.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The cache component (Redis): how a restart of it is verified and warmed. */
@ConfigMapping(prefix = "dr.failover.cache")
public interface CacheConfig {

    /** The component whose RESTART is a cache recovery (verified and warmed after its deployments restarted). */
    @WithDefault("cache")
    String component();

    /** The cache's address, {@code redis://host:port}; absent: a cache restart is not verified or warmed. */
    Optional<String> url();

    /** The password every client of the cache authenticates with (never logged). */
    Optional<String> password();

    /**
     * Whether failover-service probes the cache with its other health probes (an authenticated PING each probe
     * interval): consecutive failures declare a cache outage. Needs {@link #url()}.
     */
    @WithDefault("false")
    boolean probe();

    /** Time-out of one probe PING (connect and answer); short, as probes of other components wait behind it. */
    @WithDefault("1s")
    Duration probeTimeout();

    /** How long after the restart the cache has to answer PING before the recovery fails. */
    @WithDefault("60s")
    Duration readyTimeout();

    /**
     * How long the warm-up waits for energy_forecast to answer when it is down too (a complete failure: the guide
     * recovers databases before the cache); after that the cache is left cold and fills itself from requests.
     */
    @WithDefault("2m")
    Duration warmWait();

    /** Time-out of one command sent to the cache. */
    @WithDefault("5s")
    Duration commandTimeout();

    /** How long warmed keys live (the cache refills itself from then on). */
    @WithDefault("15m")
    Duration ttl();

    /** At most this many keys are loaded by one warm-up, over all its queries. */
    @WithDefault("10000")
    int maxKeys();

    /** What is loaded after a restart, by name; none: the cache comes back cold. */
    Map<String, WarmUp> warmUp();

    /** One warm-up source: a query on energy_forecast returning (key suffix, value) rows. */
    interface WarmUp {
        /** The key prefix (letters, digits and {@code : . _ -}); a row's first column completes the key. */
        String keyPrefix();

        /** A read-only query on energy_forecast (its current primary) returning two text columns: key suffix, value. */
        String query();
    }
}
