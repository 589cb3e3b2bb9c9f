package org.efp.dr.backup.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.jobs.JobWorker;
import org.efp.dr.common.progress.ProgressCodec;
import org.jboss.logging.Logger;

/**
 * The backup queue on the common job worker: one backup at a time per replica (replicas share the queue without
 * taking the same backup), the heartbeat of the running one carries its progress, and the backups whose worker
 * died mid-way are taken over by one replica and failed cleanly.
 */
@ApplicationScoped
public class BackupWorker implements JobWorker.Queue<CatalogEntry> {

    private static final Logger LOG = Logger.getLogger(BackupWorker.class);

    private final Catalog catalog;
    private final BackupRunner runner;
    private final Progress progress;
    private final BackupSettings.Backup config;
    private final JobWorker<CatalogEntry> worker;

    public BackupWorker(Catalog catalog, BackupRunner runner, Progress progress, BackupSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.progress = progress;
        this.config = settings.backup();
        this.worker = new JobWorker<>("backup-worker", config.instanceId(), 1, this);
    }

    void start(@Observes StartupEvent ignored) {
        worker.start(new JobWorker.Timing(config.pollInterval(), config.heartbeatInterval(),
                config.staleCheckInterval()));
    }

    /**
     * Backups left RUNNING by a worker that stopped (crash, kill, lost node) are taken over, so that one replica
     * alone ends each, then cleaned up and reported as failed by their new owner; how many.
     */
    public int failInterrupted() {
        return worker.resolveStale();
    }

    @Override
    public Optional<CatalogEntry> claim(String owner) {
        return catalog.claimNext(owner);
    }

    @Override
    public String id(CatalogEntry job) {
        return job.backupId();
    }

    @Override
    public void run(CatalogEntry job, String owner) {
        runner.run(job);
    }

    @Override
    public void heartbeat(String owner, Set<String> running) {
        progress.running().forEach((id, tracker) -> progress.of(id).ifPresent(p -> {
            if (!catalog.heartbeat(id, owner, tracker.uploadedBytes(), ProgressCodec.encode(p))) {
                LOG.warnf("backup no longer ours backupId=%s owner=%s: another replica took it over", id, owner);
            }
        }));
    }

    @Override
    public List<CatalogEntry> takeStale(String owner) {
        return catalog.takeStale(owner, config.staleAfter());
    }

    @Override
    public void interrupted(CatalogEntry stale, String owner) {
        LOG.warnf("backup interrupted backupId=%s owner=%s", stale.backupId(), stale.owner());
        Duration staleAfter = config.staleAfter();
        runner.fail(stale, stale.startedAt(), FailureReason.INTERRUPTED,
                "the worker running this backup stopped (no heartbeat for " + staleAfter.toSeconds() + " s)");
    }

    /** Asked to stop: nothing more is claimed and what runs may end within the grace (see shutdownGrace). */
    void stopping(@Observes ShutdownEvent ignored) {
        worker.close(config.shutdownGrace());
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}
