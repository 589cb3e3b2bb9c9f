package org.efp.dr.common.events;

/** Backup outcomes, WAL archive progress and change watches' word on {@value Topics#BACKUPS}. */
public sealed interface BackupEvent extends DrEvent permits BackupCompleted, BackupFailed, WalArchived,
        FilesCovered {
}
