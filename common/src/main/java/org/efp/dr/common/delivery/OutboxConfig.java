package org.efp.dr.common.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service's outbox is relayed to Kafka and pruned ({@link OutboxRelayService}). */
@ConfigMapping(prefix = "dr.outbox")
public interface OutboxConfig {

    /** How often the relay sweeps for unpublished rows, as the fallback of its LISTEN/NOTIFY wake-up. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How long published outbox rows are kept before they are deleted. */
    @WithDefault("1d")
    Duration retention();
}
