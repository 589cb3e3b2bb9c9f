package org.efp.dr.backup.retention;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Deletes expired backups from S3 and the catalog. The manifest goes first, so a backup interrupted half-way
 * through deletion is already "incomplete" and never used.
 */
@ApplicationScoped
public class RetentionPruner {

    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);

    private final Catalog catalog;
    private final ObjectStore store;
    private final Clock clock;

    public RetentionPruner(Catalog catalog, ObjectStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(every = "${dr.backup.retention-interval:1h}", delay = 1, identity = "backup-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune();
    }

    /** Deletes what the policy allows now; returns the deleted backup ids. */
    public Set<String> prune() {
        List<CatalogEntry> completed = catalog.list(null, null, BackupStatus.COMPLETED, 100_000);
        Set<String> deletable = RetentionPolicy.deletable(completed, clock.instant());
        for (CatalogEntry backup : completed) {
            if (deletable.contains(backup.backupId())) {
                store.delete(backup.prefix() + Manifest.FILE_NAME);
                store.deletePrefix(backup.prefix());
                catalog.markDeleted(backup.backupId());
                LOG.infof("backup expired and deleted backupId=%s expiresAt=%s", backup.backupId(),
                        backup.expiresAt());
            }
        }
        return deletable;
    }
}
