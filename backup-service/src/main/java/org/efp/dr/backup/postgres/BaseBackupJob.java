package org.efp.dr.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.run.BackupContext;
import org.efp.dr.backup.run.BackupJob;
import org.efp.dr.backup.run.JobResult;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.backup.storage.ZstdPipe;

/**
 * A physical base backup of the whole cluster: {@code pg_basebackup -Ft -D -} (tar on standard output, the WAL
 * needed for consistency fetched into it), streamed through zstd into S3. The start point of point-in-time
 * restores; the manifest records the WAL range it spans.
 */
public final class BaseBackupJob implements BackupJob {

    public static final String OBJECT = "base.tar.zst";

    private final PgTarget target;
    private final PgTools tools;
    private final ObjectStore store;
    private final ExecutorService executor;
    private final int level;
    private final int workers;

    public BaseBackupJob(PgTarget target, PgTools tools, ObjectStore store, ExecutorService executor, int level,
            int workers) {
        this.target = target;
        this.tools = tools;
        this.store = store;
        this.executor = executor;
        this.level = level;
        this.workers = workers;
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        WalPoint start = walPoint();
        PgTools.Run basebackup = tools.start("pg_basebackup", target, List.of("-h", target.host(), "-p",
                String.valueOf(target.port()), "-U", target.user(), "-D", "-", "-Ft", "-X", "fetch", "-c", "fast",
                "--no-password"));
        StoredObject object;
        long raw;
        try (ZstdPipe pipe = ZstdPipe.start(out -> ZstdPipe.copy(basebackup.stdout(), out), level, workers,
                executor)) {
            object = store.upload(context.key(OBJECT), pipe.compressed(), context.progress());
            pipe.await();
            raw = pipe.rawBytes();
        } catch (Exception e) {
            basebackup.kill();
            throw e;
        }
        basebackup.awaitSuccess();
        WalPoint end = walPoint();
        return new JobResult(List.of(new Manifest.ManifestObject(object.key(), object.sizeBytes(), object.sha256(),
                "pg_basebackup tar, zstd")), raw, end.at(), Map.of(), List.of(),
                new Manifest.WalRange(end.timeline(), start.lsn(), end.lsn(), start.segment(), end.segment()),
                Map.of("pg_basebackup", tools.version("pg_basebackup"), "server", end.serverVersion(),
                        "compression", "zstd level " + level),
                target.host() + ":" + target.port());
    }

    private record WalPoint(int timeline, String lsn, String segment, Instant at, String serverVersion) {
    }

    private WalPoint walPoint() throws SQLException {
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
