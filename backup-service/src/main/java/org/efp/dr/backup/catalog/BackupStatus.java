package org.efp.dr.backup.catalog;

/** Where a backup is in its life. Only COMPLETED backups (manifest written) are ever used. */
public enum BackupStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, DELETED
}
