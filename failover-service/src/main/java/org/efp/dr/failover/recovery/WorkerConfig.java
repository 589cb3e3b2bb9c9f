package org.efp.dr.failover.recovery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The recovery worker. */
@ConfigMapping(prefix = "dr.failover.worker")
public interface WorkerConfig {

    /** How often idle workers look for runnable jobs. */
    @WithDefault("100ms")
    Duration poll();

    /** Parallel recoveries per instance. */
    @WithDefault("4")
    int threads();

    /** How often a worker renews the lease of the jobs it runs (well under {@link #lease()}). */
    @WithDefault("2s")
    Duration heartbeat();

    /** A running job whose owner has not renewed its lease for this long is taken over (its owner died). */
    @WithDefault("15s")
    Duration lease();
}
