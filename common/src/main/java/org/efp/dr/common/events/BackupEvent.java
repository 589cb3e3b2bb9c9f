package org.efp.dr.common.events;

/** Backup outcomes and WAL archive progress on {@value Topics#BACKUPS}. */
public sealed interface BackupEvent extends DrEvent permits BackupCompleted, BackupFailed, WalArchived {
}
