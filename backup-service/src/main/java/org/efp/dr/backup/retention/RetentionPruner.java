package org.efp.dr.backup.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.events.BackupKind;
import org.jboss.logging.Logger;

/**
 * Deletes expired backups from S3 and the catalog ({@link BackupDeletion}), then the archived WAL no retained backup
 * needs any more ({@link WalRetention}). Archived WAL has no catalog rows: S3 is its only record.
 */
@ApplicationScoped
public class RetentionPruner {

    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);
    static final String WAL_PREFIX = "wal/";

    /** What one pruning deleted: backups by id, and archived WAL by key. */
    public record Pruned(Set<String> backupIds, List<String> walKeys) {
    }

    private final Catalog catalog;
    private final ObjectStore store;
    private final Manifests manifests;
    private final Clock clock;
    private final BackupDeletion deletion;

    public RetentionPruner(Catalog catalog, ObjectStore store, Manifests manifests, Clock clock,
            BackupDeletion deletion) {
        this.deletion = deletion;
        this.catalog = catalog;
        this.store = store;
        this.manifests = manifests;
        this.clock = clock;
    }

    @Scheduled(every = "${dr.backup.retention-interval:1h}", delay = 1, identity = "backup-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune();
    }

    /** Deletes what retention allows now. */
    public Pruned prune() {
        Instant now = clock.instant();
        List<CatalogEntry> completed = catalog.list(null, null, BackupStatus.COMPLETED, 100_000);
        Set<String> deletable = RetentionPolicy.deletable(completed, now);
        for (CatalogEntry backup : completed) {
            if (deletable.contains(backup.backupId())) {
                deletion.delete(backup, "retention");
                LOG.infof("backup expired and deleted backupId=%s expiresAt=%s", backup.backupId(),
                        backup.expiresAt());
            }
        }
        return new Pruned(deletable, pruneWal(completed, now));
    }

    private List<String> pruneWal(List<CatalogEntry> completed, Instant now) {
        Map<String, List<String>> archives = new TreeMap<>();
        for (String key : store.list(WAL_PREFIX)) {
            int slash = key.indexOf('/', WAL_PREFIX.length());
            if (slash > 0) {
                archives.computeIfAbsent(key.substring(WAL_PREFIX.length(), slash), t -> new ArrayList<>()).add(key);
            }
        }
        List<String> deleted = new ArrayList<>();
        archives.forEach((target, keys) -> {
            WalRetention.Plan plan = WalRetention.plan(target, completed, walRanges(target, completed, now),
                    WAL_PREFIX + target + "/", keys, now);
            if (plan.cutoff() == null) {
                LOG.infof("WAL archive kept whole target=%s segments=%d: %s", target, keys.size(), plan.reason());
                return;
            }
            plan.delete().forEach(store::delete);
            deleted.addAll(plan.delete());
            LOG.infof("WAL archive pruned target=%s deleted=%d kept=%d firstKept=%s", target, plan.delete().size(),
                    plan.keep().size(), plan.cutoff());
        });
        return deleted;
    }

    /** The WAL ranges of the retained base and incremental backups of {@code target}, from their manifests. */
    private Map<String, Manifest.WalRange> walRanges(String target, List<CatalogEntry> completed, Instant now) {
        Set<String> deletable = RetentionPolicy.deletable(completed, now);
        Map<String, Manifest.WalRange> ranges = new HashMap<>();
        for (CatalogEntry b : completed) {
            if (b.target().equals(target) && !deletable.contains(b.backupId())
                    && (b.kind() == BackupKind.BASE || b.kind() == BackupKind.INCREMENTAL)) {
                try {
                    // a manifest that does not verify gives no range: the archive it might shorten is kept
                    Manifest.WalRange range = manifests.read(b.prefix()).manifest().wal();
                    if (range != null) {
                        ranges.put(b.backupId(), range);
                    }
                } catch (RuntimeException e) {
                    // without its range the plan keeps the whole archive
                    LOG.warnf("cannot read the WAL range of backupId=%s: %s", b.backupId(), e.getMessage());
                }
            }
        }
        return ranges;
    }
}
