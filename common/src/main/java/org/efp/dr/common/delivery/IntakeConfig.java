package org.efp.dr.common.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How incoming events are taken in: redelivery detection and retries of passing failures. */
@ConfigMapping(prefix = "dr.intake")
public interface IntakeConfig {

    /**
     * How long the record of a handled event is kept, so a redelivery within it is skipped; it must outlast the
     * topics' retention.
     */
    @WithDefault("15d")
    Duration dedupWindow();

    /** Retries of a handling that fails for a passing reason ({@link EventConsumer}). */
    Retry retry();

    /** Bounded exponential backoff between retries. */
    interface Retry {
        /** Pause before the first retry. */
        @WithDefault("200ms")
        Duration firstBackoff();

        /** Longest pause between two retries. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
