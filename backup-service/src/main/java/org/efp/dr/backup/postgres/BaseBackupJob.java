package org.efp.dr.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.job.BackupContext;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.job.JobResult;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.backup.storage.Compressor;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.postgres.PgTools;

/**
 * A physical base backup of the whole cluster: {@code pg_basebackup -Ft -D -} (tar on standard output, the WAL
 * needed for consistency fetched into it), streamed through zstd into S3. The start point of point-in-time
 * restores; the manifest records the WAL range it spans.
 */
@ApplicationScoped
public class BaseBackupJob implements BackupJob {

    public static final String OBJECT = "base.tar.zst";

    private final CurrentPrimary databases;
    private final PgTools tools;
    private final Compressor compressor;

    public BaseBackupJob(CurrentPrimary databases, PgTools tools, Compressor compressor) {
        this.databases = databases;
        this.tools = tools;
        this.compressor = compressor;
    }

    @Override
    public Set<BackupKind> kinds() {
        return Set.of(BackupKind.BASE);
    }

    /** The size on disk of every database of the cluster ({@code pg_database_size}); the WAL fetched comes on top. */
    @Override
    public Long estimatedBytes(BackupContext context) throws SQLException {
        try (Connection c = databases.target(context.target()).connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(pg_database_size(datname))::bigint FROM pg_database "
                        + "WHERE datallowconn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        PgTarget target = databases.target(context.target());
        WalPoint start = walPoint(target);
        PgTools.Run basebackup = tools.start("pg_basebackup", List.of("-h", target.host(), "-p",
                String.valueOf(target.port()), "-U", target.user(), "-D", "-", "-Ft", "-X", "fetch", "-c", "fast",
                "--no-password"), target.clientEnv());
        Compressor.Uploaded uploaded = compressor.uploadOutput(basebackup, context.key(OBJECT), context.progress());
        StoredObject object = uploaded.object();
        WalPoint end = walPoint(target);
        return new JobResult(List.of(new Manifest.ManifestObject(object.key(), object.sizeBytes(), object.sha256(),
                Compressor.role("pg_basebackup tar", uploaded))), uploaded.rawBytes(), end.at(), Map.of(), Map.of(),
                List.of(),
                new Manifest.WalRange(end.timeline(), start.lsn(), end.lsn(), start.segment(), end.segment()),
                Map.of("pg_basebackup", tools.version("pg_basebackup"), "server", end.serverVersion(),
                        "compression", compressor.describe()),
                target.host() + ":" + target.port(), Manifest.Encryption.ofKey(uploaded.encryptionKeyId()));
    }

    private record WalPoint(int timeline, String lsn, String segment, Instant at, String serverVersion) {
    }

    private static WalPoint walPoint(PgTarget target) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT timeline_id, pg_current_wal_lsn()::text, "
                        + "pg_walfile_name(pg_current_wal_lsn()), clock_timestamp(), current_setting('server_version') "
                        + "FROM pg_control_checkpoint()")) {
            rs.next();
            return new WalPoint(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                    rs.getString(5));
        }
    }
}
