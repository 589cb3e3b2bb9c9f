package org.efp.dr.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.job.BackupContext;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.job.JobResult;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.backup.storage.Compressor;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.common.postgres.TableContent;

/**
 * A logical full backup: {@code pg_dump -Fc} (custom format, so pg_restore can work in parallel) of an exported
 * snapshot, streamed through zstd into a multipart upload. Exact per-table row counts are taken in the same
 * snapshot, so a restore can be checked against them.
 */
@ApplicationScoped
public class LogicalDumpJob implements BackupJob {

    public static final String OBJECT = "dump.pgc.zst";

    private final CurrentPrimary databases;
    private final PgTools tools;
    private final Compressor compressor;

    private final long checksumMaxBytes;

    public LogicalDumpJob(CurrentPrimary databases, PgTools tools, Compressor compressor, BackupSettings settings) {
        this.checksumMaxBytes = settings.backup().contentChecksumMaxBytes();
        this.databases = databases;
        this.tools = tools;
        this.compressor = compressor;
    }

    @Override
    public Set<BackupKind> kinds() {
        return Set.of(BackupKind.FULL);
    }

    /**
     * The database's size on disk ({@code pg_database_size}): indexes and free space included, so an upper bound the
     * runner scales by the share of it the previous dump read ({@link org.efp.dr.backup.run.SizeEstimate}).
     */
    @Override
    public Long estimatedBytes(BackupContext context) throws Exception {
        try (Connection c = databases.target(context.target()).connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        PgTarget target = databases.target(context.target());
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
            Future<Tables> tables = compressor.executor().submit(() -> tables(target, snapshot, checksumMaxBytes));
            PgTools.Run dump = tools.start("pg_dump", List.of("-h", target.host(), "-p",
                    String.valueOf(target.port()), "-U", target.user(), "-d", target.database(), "-Fc", "-Z0",
                    "--snapshot=" + snapshot, "--no-password"), target.clientEnv());
            Compressor.Uploaded uploaded = compressor.uploadOutput(dump, context.key(OBJECT), context.progress());
            StoredObject object = uploaded.object();
            Tables measured = tables.get();
            snapshotHolder.rollback();
            return new JobResult(List.of(new Manifest.ManifestObject(object.key(), object.sizeBytes(),
                    object.sha256(), Compressor.role("pg_dump custom format", uploaded))), uploaded.rawBytes(),
                    consistentAt, measured.rowCounts(), measured.checksums(), List.of(), null,
                    Map.of("pg_dump", tools.version("pg_dump"), "server", serverVersion, "compression",
                            compressor.describe()),
                    target.toString(), Manifest.Encryption.ofKey(uploaded.encryptionKeyId()));
        }
    }

    /** Per table ("schema.table"): the exact row count, and the content checksum of the small ones. */
    record Tables(Map<String, Long> rowCounts, Map<String, String> checksums) {
    }

    /**
     * Every user table measured in the dump's snapshot (so the figures describe exactly what the dump holds): the
     * row count, and in the same pass a content checksum for tables up to {@code checksumMaxBytes} on disk.
     */
    static Tables tables(PgTarget target, String snapshot, long checksumMaxBytes) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> checksums = new LinkedHashMap<>();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                TableContent.pinTextForms(s, true);
                Map<String, Long> sizes = new LinkedHashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
                        + "pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                        + "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1")) {
                    while (rs.next()) {
                        sizes.put(rs.getString(1), rs.getLong(2));
                    }
                }
                for (Map.Entry<String, Long> table : sizes.entrySet()) {
                    TableContent.Measure measure = TableContent.measure(c, table.getKey(),
                            table.getValue() <= checksumMaxBytes);
                    counts.put(table.getKey(), measure.rows());
                    if (measure.checksum() != null) {
                        checksums.put(table.getKey(), measure.checksum());
                    }
                }
            }
            c.rollback();
        }
        return new Tables(counts, checksums);
    }
}
