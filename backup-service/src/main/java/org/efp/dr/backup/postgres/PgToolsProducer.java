package org.efp.dr.backup.postgres;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.postgres.PgTools;

/**
 * The PostgreSQL client programs backups run (pg_dump, pg_basebackup, pg_receivewal): from {@code dr.backup.pg-bin},
 * else the newest installed version with pg_dump; a one-shot program is killed after {@code dr.backup.process-timeout}.
 */
public class PgToolsProducer {

    @Produces
    @Singleton
    PgTools pgTools(BackupSettings settings) {
        return PgTools.locate(settings.backup().pgBin(), "pg_dump", settings.backup().processTimeout(),
                PgTools.ProgramFailed::new);
    }
}
