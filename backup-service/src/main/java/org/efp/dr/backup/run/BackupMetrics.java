package org.efp.dr.backup.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.job.JobResult;

/** Backup duration, bytes, compression ratio, failures and the time of the last success per target and kind. */
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void completed(CatalogEntry entry, JobResult result, Duration took) {
        Tags tags = Tags.of("target", entry.target(), "kind", entry.kind().name().toLowerCase());
        Timer.builder("dr.backup.duration").description("Time to take a backup").tags(tags).register(registry)
                .record(took);
        registry.counter("dr.backup.bytes", tags.and("stage", "raw")).increment(result.sizeBytes());
        registry.counter("dr.backup.bytes", tags.and("stage", "stored")).increment(result.compressedBytes());
        if (result.compressedBytes() > 0) {
            DistributionSummary.builder("dr.backup.compression.ratio").description("Raw bytes per stored byte")
                    .tags(tags).register(registry).record((double) result.sizeBytes() / result.compressedBytes());
        }
        lastSuccess.computeIfAbsent(entry.target() + "/" + entry.kind(), k -> registry.gauge(
                "dr.backup.last.success.seconds", tags, new AtomicLong())).set(System.currentTimeMillis() / 1000);
    }

    void failed(CatalogEntry entry, FailureReason reason) {
        registry.counter("dr.backup.failures", "target", entry.target(), "kind", entry.kind().name().toLowerCase(),
                "reason", reason.name()).increment();
    }
}
