package org.efp.dr.common.events;

/** Backup outcomes on {@value Topics#BACKUPS}. */
public sealed interface BackupEvent extends DrEvent permits BackupCompleted, BackupFailed {
}
