package org.efp.dr.failover.detection;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Health probes of the database primary and of HTTP endpoints. */
@ConfigMapping(prefix = "dr.failover.probes")
public interface ProbesConfig {

    /** Whether probes run at all. */
    @WithDefault("true")
    boolean enabled();

    /** Time between probes. */
    @WithDefault("1s")
    Duration interval();

    /** Consecutive failures before an outage is declared (no flapping on one lost probe). */
    @WithDefault("3")
    int failures();

    /** HTTP health endpoints by component, e.g. {@code api=http://api-service:8080/q/health/ready}. */
    Map<String, String> http();

    /** Timeout of one HTTP probe. */
    @WithDefault("2s")
    Duration httpTimeout();
}
