package org.efp.dr.restore.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Restore duration, throughput, verification failures, model watches and drill results, for Prometheus. */
@ApplicationScoped
public class RestoreMetrics {

    private final MeterRegistry registry;

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void restored(JobKind kind, String status, Duration duration, long bytes) {
        Timer.builder("dr.restore.duration").description("Wall time of restores").tag("kind", kind.name())
                .tag("status", status).register(registry).record(duration);
        if (bytes > 0 && !duration.isZero()) {
            DistributionSummary.builder("dr.restore.throughput").baseUnit("bytes_per_second")
                    .description("Backup bytes restored per second").tag("kind", kind.name()).register(registry)
                    .record(bytes / Math.max(0.001, duration.toMillis() / 1000.0));
        }
    }

    public void verificationFailed(String reason) {
        registry.counter("dr.restore.verification.failures", "reason", reason).increment();
    }

    /** A restored model's watch ended: HEALTHY, DEGRADED (rolled back) or NOT_WATCHED (not confirmed healthy). */
    public void modelWatched(String outcome) {
        registry.counter("dr.restore.model.watches", "outcome", outcome).increment();
    }

    public void drill(String scenario, boolean success) {
        registry.counter("dr.drill.runs", "scenario", scenario, "success", String.valueOf(success)).increment();
    }
}
