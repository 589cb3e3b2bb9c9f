package org.efp.dr.restore.database;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;

/**
 * The PostgreSQL programs restores run (pg_restore, pg_ctl): from {@code dr.restore.pg-bin}, else the newest installed
 * version with pg_restore. A failed run is a {@link RestoreException} (RESTORE_FAILED, or INTERRUPTED).
 */
public class PgToolsProducer {

    @Produces
    @Singleton
    PgTools pgTools(RestoreSettings settings) {
        return PgTools.locate(settings.restore().pgBin(), "pg_restore", null, (message, cause, interrupted) ->
                new RestoreException(interrupted ? RestoreException.Reason.INTERRUPTED
                        : RestoreException.Reason.RESTORE_FAILED, message, cause));
    }
}
