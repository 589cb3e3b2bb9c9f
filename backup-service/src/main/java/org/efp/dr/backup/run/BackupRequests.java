package org.efp.dr.backup.run;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.common.events.BackupKind;

/** Queues backups, whoever asks: an event, an operator over REST, a schedule. Checks the request first. */
@ApplicationScoped
public class BackupRequests {

    private final Catalog catalog;
    private final BackupTargets targets;
    private final Clock clock;

    public BackupRequests(Catalog catalog, BackupTargets targets, Clock clock) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * Queues a backup; the same {@code requestId} twice queues one backup.
     *
     * @throws IllegalArgumentException when the target does not exist or has no such kind of backup
     */
    @Transactional(dontRollbackOn = IllegalArgumentException.class)
    public CatalogEntry queue(String target, BackupKind kind, String requestId, String reason, String requestedBy) {
        targets.check(target, kind);
        return catalog.queue(target, kind, requestId, reason, requestedBy, clock.instant());
    }
}
