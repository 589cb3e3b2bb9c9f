package org.efp.dr.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.run.BackupContext;
import org.efp.dr.backup.run.BackupJob;
import org.efp.dr.backup.run.JobResult;
import org.efp.dr.backup.storage.Compressor;
import org.efp.dr.backup.storage.StoredObject;

/**
 * A logical full backup: {@code pg_dump -Fc} (custom format, so pg_restore can work in parallel) of an exported
 * snapshot, streamed through zstd into a multipart upload. Exact per-table row counts are taken in the same
 * snapshot, so a restore can be checked against them.
 */
public final class LogicalDumpJob implements BackupJob {

    public static final String OBJECT = "dump.pgc.zst";

    private final PgTarget target;
    private final PgTools tools;
    private final Compressor compressor;

    public LogicalDumpJob(PgTarget target, PgTools tools, Compressor compressor) {
        this.target = target;
        this.tools = tools;
        this.compressor = compressor;
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        try (Connection snapshotHolder = target.connect()) {
            snapshotHolder.setAutoCommit(false);
            String snapshot;
            Instant consistentAt;
            String serverVersion;
            try (Statement s = snapshotHolder.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = s.executeQuery(
                        "SELECT pg_export_snapshot(), clock_timestamp(), current_setting('server_version')")) {
                    rs.next();
                    snapshot = rs.getString(1);
                    consistentAt = rs.getTimestamp(2).toInstant();
                    serverVersion = rs.getString(3);
                }
            }
            Future<Map<String, Long>> counts = compressor.executor().submit(() -> rowCounts(target, snapshot));
            PgTools.Run dump = tools.start("pg_dump", target, List.of("-h", target.host(), "-p",
                    String.valueOf(target.port()), "-U", target.user(), "-d", target.database(), "-Fc", "-Z0",
                    "--snapshot=" + snapshot, "--no-password"));
            Compressor.Uploaded uploaded = compressor.uploadOutput(dump, context.key(OBJECT), context.progress());
            StoredObject object = uploaded.object();
            Map<String, Long> rowCounts = counts.get();
            snapshotHolder.rollback();
            return new JobResult(List.of(new Manifest.ManifestObject(object.key(), object.sizeBytes(),
                    object.sha256(), Compressor.role("pg_dump custom format", uploaded))), uploaded.rawBytes(),
                    consistentAt, rowCounts, List.of(), null,
                    Map.of("pg_dump", tools.version("pg_dump"), "server", serverVersion, "compression",
                            compressor.describe()),
                    target.toString(), Manifest.Encryption.ofKey(uploaded.encryptionKeyId()));
        }
    }

    /** Exact row counts of every user table, read in the dump's snapshot. */
    static Map<String, Long> rowCounts(PgTarget target, String snapshot) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                List<String> tables = new java.util.ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
                        + "ORDER BY 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
            c.rollback();
        }
        return counts;
    }
}
