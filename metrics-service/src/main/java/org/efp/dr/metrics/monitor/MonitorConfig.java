package org.efp.dr.metrics.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The guide's {@code monitor_recovery()}: which checks run after a completed recovery, against what thresholds, and
 * for how long they are repeated before the recovery's monitoring fails.
 */
@ConfigMapping(prefix = "dr.metrics.monitor")
public interface MonitorConfig {

    /** Whether completed recoveries are monitored; off, a successful recovery counts as soon as it completes. */
    @WithDefault("true")
    boolean enabled();

    /** How long the checks are repeated after a recovery completed before its monitoring fails. */
    @WithDefault("5m")
    Duration window();

    /** Pause between two rounds of checks of one recovery while they do not pass. */
    @WithDefault("15s")
    Duration retryInterval();

    /** How often due monitorings are looked for (read by the scheduler). */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long a claimed round of checks may run before another instance may take the recovery over (a crashed
     * instance's claim expires after this).
     */
    @WithDefault("2m")
    Duration claimTimeout();

    /** Timeout of each HTTP call (health endpoint, Prometheus query) and of each database statement. */
    @WithDefault("5s")
    Duration checkTimeout();

    /**
     * Readiness endpoints ({@code /q/health/ready}) of the platform's services; every one must answer 2xx for
     * service_health to pass. None: service_health is NO_DATA, which never passes.
     */
    Optional<List<String>> healthUrls();

    /** Base URL of Prometheus' HTTP API (e.g. http://127.0.0.1:19090); absent: every query is ERROR. */
    Optional<String> prometheusUrl();

    /**
     * PromQL signals by name (the guide's model_performance, api_latency, error_rates, or more): the query, and the
     * bounds its value (the largest of the series it returns) must keep.
     */
    Map<String, Query> queries();

    /**
     * Signals that may be NO_DATA without failing the monitoring (still reported NO_DATA): for a platform that does
     * not export a metric yet, or has no traffic to measure. Out of bounds (FAILED) or ERROR still fails.
     */
    Optional<List<String>> optionalSignals();

    /** Data integrity after a recovery of one of {@link Integrity#components()}. */
    Integrity integrity();

    /** One PromQL signal. */
    interface Query {
        /** An instant query; every series it returns must be within the bounds. */
        String promql();

        /** Largest value in bounds (inclusive). */
        Optional<Double> max();

        /** Smallest value in bounds (inclusive). */
        Optional<Double> min();

        /** Unit of the value, for people reading the result (seconds, ratio, percent). */
        @WithDefault("value")
        String unit();
    }

    /** Checks on the current primary of the protected database. */
    interface Integrity {
        /** Components whose recovery touches the database, so data integrity is checked after it. */
        @WithDefault("database")
        List<String> components();

        /** Tables (schema.table or table in public) that must exist and hold at least {@link #minRows()} rows. */
        @WithDefault("sites,model_registry,forecasts,meter_readings")
        List<String> tables();

        /** Fewest rows each table must hold. */
        @WithDefault("1")
        long minRows();
    }
}
