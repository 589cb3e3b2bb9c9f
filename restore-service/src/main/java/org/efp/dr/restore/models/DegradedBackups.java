package org.efp.dr.restore.models;

import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.Jdbc;

/**
 * The model backups whose restored version degraded while it was watched ({@code degraded_model_backup}): an
 * automatic restore does not pick one of them again.
 */
@ApplicationScoped
public class DegradedBackups {

    private final Jdbc jdbc;

    public DegradedBackups(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Remembers that the version restored from {@code backupId} degraded, and why. */
    public void record(String backupId, String detail) {
        jdbc.update("degraded model backup", "INSERT INTO degraded_model_backup (backup_id, detail) VALUES (?, ?) "
                + "ON CONFLICT (backup_id) DO UPDATE SET detail = EXCLUDED.detail, found_at = now()", backupId,
                detail);
    }

    public Set<String> all() {
        return new HashSet<>(jdbc.query("degraded model backups", "SELECT backup_id FROM degraded_model_backup",
                rs -> rs.getString(1)));
    }
}
