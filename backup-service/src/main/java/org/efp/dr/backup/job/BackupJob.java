package org.efp.dr.backup.job;

import java.util.Set;

import org.efp.dr.common.events.BackupKind;

/**
 * One way of taking a backup (a database dump, a base backup, an archive of files): a bean that says which kinds it
 * takes, found by the runner through CDI.
 */
public interface BackupJob {

    /** The backup kinds this job takes; no two jobs share a kind. */
    Set<BackupKind> kinds();

    /** Writes the backup's objects under {@code context.prefix()} and says what the manifest must record. */
    JobResult run(BackupContext context) throws Exception;

    /** The raw bytes this backup is expected to read, measured at the source; null when it cannot tell. */
    default Long estimatedBytes(BackupContext context) throws Exception {
        return null;
    }
}
