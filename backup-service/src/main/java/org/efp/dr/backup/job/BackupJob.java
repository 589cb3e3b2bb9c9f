package org.efp.dr.backup.job;

/** One way of taking a backup (a database dump, a base backup, an archive of files). */
public interface BackupJob {

    /** Writes the backup's objects under {@code context.prefix()} and says what the manifest must record. */
    JobResult run(BackupContext context) throws Exception;

    /** The raw bytes this backup is expected to read, measured at the source; null when it cannot tell. */
    default Long estimatedBytes() throws Exception {
        return null;
    }
}
