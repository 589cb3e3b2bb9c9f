package org.efp.dr.failover.runbook;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which runbook applies and how it follows up its recoveries. */
@ConfigMapping(prefix = "dr.failover.runbook")
public interface RunbookConfig {

    /**
     * The operator's runbook.yaml ({@code DR_FAILOVER_RUNBOOK_FILE}); unset: {@code DR_CONFIG_DIR/runbook.yaml} when
     * it exists, else the shipped one.
     */
    Optional<String> file();

    /**
     * How long a finished recovery keeps its component: alerts lagging behind it join it instead of starting another
     * (a database failover excepted, see ComponentRecoveries).
     */
    @WithDefault("60s")
    Duration settle();

    Retry retry();

    /**
     * Whether outages that add up to the runbook file's {@code complete-failure} are declared one complete failure,
     * recovered by the system-recovery saga ({@code DR_FAILOVER_RUNBOOK_COMPLETE_FAILURE}).
     */
    @WithDefault("true")
    boolean completeFailure();

    /** A recovery that failed while a health probe still finds its component down is tried again. */
    interface Retry {

        /** Recoveries tried for one incident, the first included; after the last failure an operator must act. */
        @WithDefault("3")
        int attempts();

        /** The wait before the next try: this times the tries so far (30 s, then 60 s, ...). */
        @WithDefault("30s")
        Duration backoff();

        /** How often due tries are looked for. */
        @WithDefault("5s")
        Duration poll();
    }
}
