package org.efp.dr.backup.run;

import java.time.Clock;
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
    private final Clock clock;
    private final String owner;
    private final Duration staleAfter;

    public BackupWorker(Catalog catalog, BackupRunner runner, Progress progress, Clock clock,
            BackupSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.progress = progress;
        this.clock = clock;
        this.owner = settings.backup().instanceId();
        this.staleAfter = settings.backup().staleAfter();
    }

    @Scheduled(every = "${dr.backup.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "backup-worker")
    void takeQueued() {
        for (Optional<CatalogEntry> next = catalog.claimNext(owner, clock.instant()); next.isPresent();
                next = catalog.claimNext(owner, clock.instant())) {
            runner.run(next.get());
        }
    }

    @Scheduled(every = "5s", identity = "backup-heartbeat")
    void heartbeat() {
        progress.running().forEach((id, tracker) -> progress.of(id).ifPresent(p -> catalog.heartbeat(id,
                tracker.uploadedBytes(), ProgressCodec.encode(p), clock.instant())));
    }

    /** Backups left RUNNING by a worker that stopped (crash, kill, lost node) are cleaned up and reported. */
    @Scheduled(every = "${dr.backup.stale-check-interval:30s}", delay = 1, identity = "backup-stale-check")
    public void failInterrupted() {
        for (CatalogEntry stale : catalog.stale(clock.instant().minus(staleAfter))) {
            if (progress.of(stale.backupId()).isPresent()) {
                continue;
            }
            LOG.warnf("backup interrupted backupId=%s owner=%s lastHeartbeat=%s", stale.backupId(), stale.owner(),
                    stale.heartbeatAt());
            runner.fail(stale, stale.startedAt(), FailureReason.INTERRUPTED,
                    "the worker running this backup stopped (last heartbeat " + stale.heartbeatAt() + ")");
        }
    }
}
