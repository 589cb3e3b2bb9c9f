package org.efp.dr.metrics.prometheus;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.Severity;

/**
 * The Prometheus side of the recovery metrics: one histogram per metric by component and severity
 * ({@code dr_recovery_time_to_detect_seconds_bucket{component,severity}} ...), and drill outcomes. Label values
 * come only from the guide's files (components of the RTO/RPO table, scenarios of the drill schedule, the
 * severities); anything else an event names is counted as {@value #OTHER}, so the number of series stays bounded.
 */
@ApplicationScoped
public class RecoveryMeters {

    /** Histogram bucket bounds in seconds: 30s up to a day, covering every threshold of the guide. */
    private static final double[] BUCKETS = {30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400};

    /** The label value of anything not named in the guide's files, so event text can never mint new series. */
    static final String OTHER = "other";
    private static final Set<String> SEVERITIES =
            Arrays.stream(Severity.values()).map(s -> s.name().toLowerCase()).collect(Collectors.toSet());

    private final MeterRegistry registry;
    private final Set<String> components;
    private final Set<String> scenarios;
    private final Map<String, AtomicInteger> lastDrillSuccess = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> capacity = new ConcurrentHashMap<>();

    /** The scenarios of the guide's conduct_recovery_test(), run live against the platform by ./dr drill. */
    public static final Set<String> LIVE_SCENARIOS =
            Set.of("database_failure", "model_failure", "region_failure", "complete_failure");

    @Inject
    public RecoveryMeters(MeterRegistry registry, SeedConfig seed) {
        this(registry, seed.objectives().objectives().keySet(), seed.drills().drills().values().stream()
                .map(DrillSchedule.Drill::scenario).collect(Collectors.toSet()));
    }

    RecoveryMeters(MeterRegistry registry, Set<String> components, Set<String> scenarios) {
        this.registry = registry;
        this.components = Set.copyOf(components);
        this.scenarios = java.util.stream.Stream.concat(scenarios.stream(), LIVE_SCENARIOS.stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String bounded(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : OTHER;
    }

    /** Records one measured value of {@code metric} (time_to_detect, time_to_respond, time_to_recover, data_loss). */
    public void record(String metric, String component, String severity, long seconds) {
        DistributionSummary.builder("dr.recovery." + metric.replace('_', '.'))
                .description("Measured " + metric + " of incidents")
                .baseUnit("seconds")
                .serviceLevelObjectives(BUCKETS)
                .tag("component", bounded(component, components))
                .tag("severity", bounded(severity == null ? null : severity.toLowerCase(), SEVERITIES))
                .register(registry)
                .record(seconds);
    }

    /** Counts a finished drill and remembers whether the latest drill of its scenario succeeded. */
    public void drill(String scenario, boolean success) {
        Counter.builder("dr.drills").description("Drills completed")
                .tag("scenario", bounded(scenario, scenarios)).tag("outcome", success ? "success" : "failure")
                .register(registry).increment();
        lastDrill(scenario, success);
    }

    /** Sets the last-drill gauge without counting (used when loading history at start). */
    public void lastDrill(String scenario, boolean success) {
        lastDrillSuccess.computeIfAbsent(bounded(scenario, scenarios), s -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("dr.drill.last.success", value, AtomicInteger::get)
                    .description("1 when the latest drill of the scenario succeeded, else 0")
                    .tag("scenario", s).register(registry);
            return value;
        }).set(success ? 1 : 0);
    }

    /** The largest database {@code component}'s RTO holds at the restore throughput the latest drills measured. */
    public void capacity(String component, long maxDatabaseBytes) {
        capacity.computeIfAbsent(bounded(component, components), c -> {
            java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
            Gauge.builder("dr.capacity.max.database.bytes", value, java.util.concurrent.atomic.AtomicLong::get)
                    .description("Largest database the component's RTO holds at the measured restore throughput")
                    .tag("component", c).register(registry);
            return value;
        }).set(maxDatabaseBytes);
    }
}
