package org.efp.dr.metrics.rpo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.metrics.threshold.ThresholdPolicy;
import org.efp.dr.metrics.tx.AfterCommit;

/**
 * The age of each component's newest recoverable point, continuously: {@code dr_rpo_exposure_seconds{component}}
 * grows with the clock until a backup resets it. Objectives are exposed as {@code dr_rpo_objective_seconds}.
 */
@ApplicationScoped
public class RpoExposure {

    private final Map<String, RecoveryPoint> points = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final ThresholdPolicy policy;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;

    public RpoExposure(MeterRegistry registry, ThresholdPolicy policy, TransactionSynchronizationRegistry transactions,
            Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.transactions = transactions;
        this.clock = clock;
        policy.objectives().objectives().values().forEach(this::register);
    }

    /** Seconds since the newest recoverable point of {@code component}; empty while no backup is known. */
    public Optional<Long> exposureSeconds(String component) {
        return Optional.ofNullable(points.get(component))
                .map(p -> Math.max(0, Duration.between(p.newestPointAt(), clock.instant()).getSeconds()));
    }

    public Optional<RecoveryPoint> point(String component) {
        return Optional.ofNullable(points.get(component));
    }

    /** Replaces what is known with the stored points (newer stored points win). */
    void load(Iterable<RecoveryPoint> stored) {
        stored.forEach(this::advance);
    }

    void afterCommitAdvance(RecoveryPoint point) {
        AfterCommit.run(transactions, () -> advance(point));
    }

    private void advance(RecoveryPoint point) {
        points.merge(point.component(), point,
                (old, neu) -> neu.newestPointAt().isAfter(old.newestPointAt()) ? neu : old);
        if (policy.objective(point.component()).isEmpty()) {
            registerExposure(point.component());
        }
    }

    private void register(Objective objective) {
        registerExposure(objective.component());
        if (objective.rpo() != null) {
            Gauge.builder("dr.rpo.objective", objective.rpo(), d -> d.getSeconds()).baseUnit("seconds")
                    .description("RPO of the component").tag("component", objective.component()).register(registry);
        }
    }

    private void registerExposure(String component) {
        Gauge.builder("dr.rpo.exposure", this, e -> e.exposureSeconds(component).map(Long::doubleValue)
                        .orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the newest recoverable point of the component")
                .tag("component", component).strongReference(true).register(registry);
    }

    /** The newest recoverable point of every known component. */
    public Map<String, Instant> newestPoints() {
        Map<String, Instant> newest = new TreeMap<>();
        points.forEach((component, point) -> newest.put(component, point.newestPointAt()));
        return newest;
    }

    Collection<Objective> objectives() {
        return policy.objectives().objectives().values();
    }

    Instant now() {
        return clock.instant();
    }
}
