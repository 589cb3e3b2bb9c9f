package org.efp.dr.backup.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.Manifest;
import org.jboss.logging.Logger;

/**
 * The one way a backup is deleted, by retention or by an operator: the manifest goes first, so a backup interrupted
 * half-way through deletion is already "incomplete" and never used; then its other objects, then the catalog row is
 * marked deleted with who deleted it.
 */
@ApplicationScoped
public class BackupDeletion {

    private static final Logger LOG = Logger.getLogger(BackupDeletion.class);

    /** Why a backup may not be deleted now; the message is for the operator. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A deleted backup: what it was, who deleted it and when, and whether protection was overridden. */
    public record Deleted(String backupId, String target, String kind, BackupStatus status, String deletedBy,
            Instant deletedAt, boolean forced) {
    }

    private final Catalog catalog;
    private final ObjectStore store;
    private final Clock clock;

    public BackupDeletion(Catalog catalog, ObjectStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Deletes {@code backup} on an operator's request. Refused while it is queued or running, while a retained
     * incremental backup builds on it (even with {@code force}: that one would become unusable), and, unless
     * {@code force}, when it is the newest completed backup of its target and kind.
     */
    public Deleted deleteRequested(CatalogEntry backup, String caller, boolean force) {
        if (backup.status() == BackupStatus.QUEUED || backup.status() == BackupStatus.RUNNING) {
            throw new Refused("backup " + backup.backupId() + " is " + backup.status()
                    + "; wait until it ends before deleting it");
        }
        boolean overridden = false;
        if (backup.status() == BackupStatus.COMPLETED) {
            List<CatalogEntry> completed = catalog.list(backup.target(), null, BackupStatus.COMPLETED, 100_000);
            List<String> dependents = RetentionPolicy.dependents(completed, backup);
            if (!dependents.isEmpty()) {
                throw new Refused("backup " + backup.backupId() + " is the base of retained incremental backups "
                        + String.join(", ", dependents) + "; delete those first");
            }
            if (RetentionPolicy.isNewest(completed, backup)) {
                if (!force) {
                    throw new Refused("backup " + backup.backupId() + " is the newest completed " + backup.kind()
                            + " backup of " + backup.target() + "; deleting it leaves an older one (or none) to "
                            + "restore from. Use force to delete it anyway");
                }
                overridden = true;
            }
        }
        Instant now = delete(backup, caller);
        LOG.infof("backup deleted on request backupId=%s target=%s kind=%s deletedBy=%s forced=%s", backup.backupId(),
                backup.target(), backup.kind(), caller, overridden);
        return new Deleted(backup.backupId(), backup.target(), backup.kind().name(), BackupStatus.DELETED, caller,
                now, overridden);
    }

    /** Deletes the backup's objects (manifest first) and marks its catalog row deleted by {@code deletedBy}. */
    Instant delete(CatalogEntry backup, String deletedBy) {
        store.delete(backup.prefix() + Manifest.FILE_NAME);
        store.deletePrefix(backup.prefix());
        Instant now = clock.instant();
        catalog.markDeleted(backup.backupId(), deletedBy, now);
        return now;
    }
}
