package org.efp.dr.backup.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.job.BackupContext;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.job.JobResult;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressCodec;
import org.jboss.logging.Logger;

/**
 * Takes one claimed backup from start to end: run the job, write the signed manifest last, then mark the catalog and
 * publish BackupCompleted in one transaction. Any failure removes what was written, marks the backup FAILED and
 * publishes BackupFailed, so nothing half-written can be taken for a good backup.
 */
@ApplicationScoped
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);

    private final BackupTargets targets;
    private final ObjectStore store;
    private final Manifests manifests;
    private final Catalog catalog;
    private final EventPublisher publisher;
    private final SeedConfig config;
    private final Progress progress;
    private final BackupMetrics metrics;
    private final Clock clock;

    public BackupRunner(BackupTargets targets, ObjectStore store, Manifests manifests, Catalog catalog,
            EventPublisher publisher, SeedConfig config, Progress progress, BackupMetrics metrics, Clock clock) {
        this.targets = targets;
        this.store = store;
        this.manifests = manifests;
        this.catalog = catalog;
        this.publisher = publisher;
        this.config = config;
        this.progress = progress;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The retention of a kind, from backup-config.yaml. */
    public Duration retention(BackupKind kind) {
        return switch (kind) {
            case FULL, BASE -> config.backup().databaseFull().retention();
            case INCREMENTAL -> config.backup().databaseIncremental().retention();
            case MODELS -> config.backup().models().retention();
            case CONFIGS -> config.backup().configs().retention();
        };
    }

    public void run(CatalogEntry entry) {
        Instant startedAt = entry.startedAt() != null ? entry.startedAt() : clock.instant();
        Progress.Tracker tracker = progress.start(entry.backupId(), startedAt);
        LOG.infof("backup started backupId=%s target=%s kind=%s", entry.backupId(), entry.target(), entry.kind());
        try {
            BackupJob job = targets.job(entry.target(), entry.kind());
            BackupContext context = new BackupContext(entry.backupId(), entry.target(), entry.kind(), entry.prefix(),
                    tracker);
            tracker.estimate(estimate(entry, job, context));
            tracker.step(Progress.COPYING);
            JobResult result = job.run(context);
            tracker.step(Progress.MANIFEST);
            Instant completedAt = clock.instant();
            Instant expiresAt = completedAt.plus(retention(entry.kind()));
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, entry.backupId(), entry.target(), entry.kind(),
                    startedAt, completedAt, result.consistentAt(), expiresAt, "zstd", result.sizeBytes(),
                    result.compressedBytes(), result.objects(), result.tableRowCounts(), result.tableChecksums(),
                    result.files(), result.wal(),
                    result.toolVersions(), result.source(), result.encryption());
            // the signature first, the manifest last: a manifest never appears unsigned
            StoredObject written = manifests.write(entry.prefix(), manifest);
            String location = store.uri(written.key());
            boolean ended = QuarkusTransaction.requiringNew().call(() -> {
                if (!catalog.complete(entry.backupId(), entry.owner(), location, result.sizeBytes(),
                        result.compressedBytes(), written.sha256(), completedAt, result.consistentAt(), expiresAt)) {
                    return false;
                }
                catalog.saveProgress(entry.backupId(), ProgressCodec.encode(tracker.completed(completedAt)));
                publisher.publish(new BackupCompleted(entry.backupId(), entry.target(), entry.kind(), location,
                        result.sizeBytes(), result.compressedBytes(), written.sha256(), startedAt, completedAt,
                        result.consistentAt(), expiresAt, entry.requestId()), "backup-completed-" + entry.backupId());
                return true;
            });
            if (!ended) {
                LOG.warnf("backup not completed backupId=%s owner=%s: another replica took it over and ended it",
                        entry.backupId(), entry.owner());
                removeObjects(entry);
                return;
            }
            metrics.completed(entry, result, Duration.between(startedAt, completedAt));
            LOG.infof("backup completed backupId=%s bytes=%d compressed=%d seconds=%.1f location=%s",
                    entry.backupId(), result.sizeBytes(), result.compressedBytes(),
                    Duration.between(startedAt, completedAt).toMillis() / 1000.0, location);
        } catch (Exception e) {
            fail(entry, startedAt, FailureReason.of(e), describe(e));
        } finally {
            progress.finish(entry.backupId());
        }
    }

    /**
     * The raw bytes the backup will likely read (see {@link SizeEstimate}): the size measured at the source where the
     * job can ({@code pg_database_size} for database backups), calibrated by what the previous completed backup of
     * the same target and kind read of its source; else that previous backup's size; null when neither is known (then
     * progress shows bytes and rate without percent or ETA). Both figures are recorded for the next backup.
     */
    private Long estimate(CatalogEntry entry, BackupJob job, BackupContext context) {
        Long measured = null;
        try {
            measured = job.estimatedBytes(context);
        } catch (Exception e) {
            LOG.debugf("size not measured at the source backupId=%s: %s", entry.backupId(), e.getMessage());
        }
        Optional<Catalog.PreviousSize> previous = catalog.previousSize(entry.target(), entry.kind());
        Long estimate = SizeEstimate.of(measured, previous.map(Catalog.PreviousSize::sourceBytes).orElse(null),
                previous.map(Catalog.PreviousSize::readBytes).orElse(null));
        catalog.recordEstimate(entry.backupId(), measured != null && measured > 0 ? measured : null, estimate);
        LOG.debugf("size estimated backupId=%s measured=%s estimate=%s", entry.backupId(), measured, estimate);
        return estimate;
    }

    /**
     * Removes whatever the backup wrote, marks it FAILED and tells everyone; {@code entry.owner()} must still own it,
     * else the end another replica recorded stands.
     */
    public void fail(CatalogEntry entry, Instant startedAt, FailureReason reason, String error) {
        LOG.warnf("backup failed backupId=%s reason=%s error=%s", entry.backupId(), reason, error);
        removeObjects(entry);
        Instant failedAt = clock.instant();
        JobProgress reached = progress.of(entry.backupId()).orElse(null);
        boolean ended = QuarkusTransaction.requiringNew().call(() -> {
            if (!catalog.fail(entry.backupId(), entry.owner(), reason.name(), error, failedAt)) {
                return false;
            }
            if (reached != null) {
                catalog.saveProgress(entry.backupId(), ProgressCodec.encode(reached.ended(Progress.FAILED, failedAt)));
            }
            publisher.publish(new BackupFailed(entry.backupId(), entry.target(), entry.kind(), reason.name(), error,
                    startedAt, failedAt, entry.requestId()), "backup-failed-" + entry.backupId());
            return true;
        });
        if (!ended) {
            LOG.warnf("backup failure not recorded backupId=%s owner=%s: another replica took it over and ended it",
                    entry.backupId(), entry.owner());
            return;
        }
        metrics.failed(entry, reason);
    }

    /** Removes the objects of a backup that did not complete, so that no manifest of it stays to be taken. */
    private void removeObjects(CatalogEntry entry) {
        try {
            store.deletePrefix(entry.prefix());
        } catch (RuntimeException cleanup) {
            // Logged rather than thrown: the end must still be recorded and reported.
            LOG.warnf("could not remove objects of failed backup backupId=%s: %s", entry.backupId(),
                    cleanup.getMessage());
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return (message == null || message.isBlank() ? e.getClass().getSimpleName() : message).strip();
    }
}
