package org.efp.dr.backup.run;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.progress.ProgressCodec;
import org.jboss.logging.Logger;

/**
 * Takes queued backups one at a time (replicas share the queue without taking the same backup), keeps the
 * heartbeat of the running one, and fails cleanly the backups whose worker died mid-way.
 */
@ApplicationScoped
public class BackupWorker {

    private static final Logger LOG = Logger.getLogger(BackupWorker.class);

    private final Catalog catalog;
    private final BackupRunner runner;
    private final Progress progress;
    private final String owner;
    private final Duration staleAfter;

    public BackupWorker(Catalog catalog, BackupRunner runner, Progress progress, BackupSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.progress = progress;
        this.owner = settings.backup().instanceId();
        this.staleAfter = settings.backup().staleAfter();
    }

    @Scheduled(every = "${dr.backup.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "backup-worker")
    void takeQueued() {
        for (Optional<CatalogEntry> next = catalog.claimNext(owner); next.isPresent();
                next = catalog.claimNext(owner)) {
            runner.run(next.get());
        }
    }

    @Scheduled(every = "5s", identity = "backup-heartbeat")
    void heartbeat() {
        progress.running().forEach((id, tracker) -> progress.of(id).ifPresent(p -> {
            if (!catalog.heartbeat(id, owner, tracker.uploadedBytes(), ProgressCodec.encode(p))) {
                LOG.warnf("backup no longer ours backupId=%s owner=%s: another replica took it over", id, owner);
            }
        }));
    }

    /**
     * Backups left RUNNING by a worker that stopped (crash, kill, lost node) are taken over, so that one replica
     * alone ends each, then cleaned up and reported as failed by their new owner.
     */
    @Scheduled(every = "${dr.backup.stale-check-interval:30s}", delay = 1, identity = "backup-stale-check")
    public void failInterrupted() {
        for (CatalogEntry stale : catalog.takeStale(owner, staleAfter)) {
            if (progress.of(stale.backupId()).isPresent()) {
                // Still running here: taking it renewed its heartbeat, and this worker ends it.
                continue;
            }
            LOG.warnf("backup interrupted backupId=%s owner=%s", stale.backupId(), stale.owner());
            runner.fail(stale, stale.startedAt(), FailureReason.INTERRUPTED,
                    "the worker running this backup stopped (no heartbeat for " + staleAfter.toSeconds() + " s)");
        }
    }
}
