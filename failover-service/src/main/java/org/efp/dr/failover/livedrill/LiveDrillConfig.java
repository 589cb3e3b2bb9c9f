package org.efp.dr.failover.livedrill;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Live drills: the guide's recovery test run against the environment this service manages, by breaking it for real.
 * Off by default; meant for a staging environment whose operators turned them on.
 */
@ConfigMapping(prefix = "dr.failover.live-drills")
public interface LiveDrillConfig {

    /** Whether a live drill may break anything here. Off: every live drill asked for is reported as refused. */
    @WithDefault("false")
    boolean enabled();

    /**
     * How the database primary or the cache is broken: {@code local} kills the primary's postmaster (SIGKILL, the pid
     * from the data directory this host holds, see {@code dr.failover.database.data-dirs}) and shuts the cache down
     * without saving ({@code SHUTDOWN NOSAVE}); {@code kubernetes} deletes the pod at once (grace period 0) in
     * {@link #namespace()}, the pod being named by the first label of the primary's or the cache's host name, as a
     * StatefulSet's pods are reached through their headless service.
     */
    @WithDefault("local")
    Breaker breaker();

    /** The namespace of the database and cache pods, for the {@code kubernetes} breaker (default: the client's one). */
    Optional<String> namespace();

    /**
     * Scheduled live drills: scenario ({@code database_failure}, {@code cache_failure}) to frequency (daily, weekly,
     * monthly, ...).
     */
    Map<String, String> schedule();

    /** How long a drill waits, from the break, for detection, recovery and a streaming standby again. */
    @WithDefault("15m")
    Duration watchTimeout();

    /** The two ways of breaking the primary. */
    enum Breaker {
        LOCAL, KUBERNETES
    }
}
