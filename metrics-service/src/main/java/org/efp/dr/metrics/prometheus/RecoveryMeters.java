package org.efp.dr.metrics.prometheus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Prometheus side of the recovery metrics: one histogram per metric by component and severity
 * ({@code dr_recovery_time_to_detect_seconds_bucket{component,severity}} ...), and drill outcomes.
 */
@ApplicationScoped
public class RecoveryMeters {

    /** Histogram bucket bounds in seconds: 30s up to a day, covering every threshold of the guide. */
    private static final double[] BUCKETS = {30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400};

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> lastDrillSuccess = new ConcurrentHashMap<>();

    public RecoveryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one measured value of {@code metric} (time_to_detect, time_to_respond, time_to_recover, data_loss). */
    public void record(String metric, String component, String severity, long seconds) {
        DistributionSummary.builder("dr.recovery." + metric.replace('_', '.'))
                .description("Measured " + metric + " of incidents")
                .baseUnit("seconds")
                .serviceLevelObjectives(BUCKETS)
                .tag("component", component)
                .tag("severity", severity.toLowerCase())
                .register(registry)
                .record(seconds);
    }

    /** Counts a finished drill and remembers whether the latest drill of its scenario succeeded. */
    public void drill(String scenario, boolean success) {
        Counter.builder("dr.drills").description("Drills completed")
                .tag("scenario", scenario).tag("outcome", success ? "success" : "failure")
                .register(registry).increment();
        lastDrill(scenario, success);
    }

    /** Sets the last-drill gauge without counting (used when loading history at start). */
    public void lastDrill(String scenario, boolean success) {
        lastDrillSuccess.computeIfAbsent(scenario, s -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("dr.drill.last.success", value, AtomicInteger::get)
                    .description("1 when the latest drill of the scenario succeeded, else 0")
                    .tag("scenario", s).register(registry);
            return value;
        }).set(success ? 1 : 0);
    }
}
