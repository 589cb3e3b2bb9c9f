package org.efp.dr.backup.run;

/** One way of taking a backup (a database dump, a base backup, an archive of files). */
public interface BackupJob {

    /** Writes the backup's objects under {@code context.prefix()} and says what the manifest must record. */
    JobResult run(BackupContext context) throws Exception;
}
