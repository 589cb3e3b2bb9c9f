package org.efp.dr.restore.database;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.Steps;
import org.efp.dr.restore.job.VerifiedBackup;
import org.efp.dr.restore.postgres.DatabaseServer;
import org.efp.dr.restore.storage.BackupCandidates;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.common.backupformat.Manifest;
import org.jboss.logging.Logger;

/**
 * Restores a FULL (pg_dump custom format) backup into a database: the dump is decompressed into a local file
 * while its checksum is computed, and only a verified dump reaches the database, loaded by pg_restore in
 * parallel, then checked table by table against the manifest's row counts. With {@code replace=true} the dump is
 * loaded into a new database and verified there; only then, in one short step, are the live database's sessions
 * ended, the live database renamed aside (kept) and the new one renamed into place. A restore that fails before
 * that leaves the live database as it was and drops the new one.
 */
@ApplicationScoped
public class LogicalRestore {

    public static final List<String> STEPS =
            List.of("select backup", "download and verify checksums", "restore", "verify data integrity");
    public static final String SWAP_STEP = "swap into place";
    public static final List<String> REPLACE_STEPS = List.of("select backup", "download and verify checksums",
            "restore", "verify data integrity", SWAP_STEP);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Logger LOG = Logger.getLogger(LogicalRestore.class);
    private static final String OBJECT = "dump.pgc.zst";

    private final BackupStore store;
    private final DatabaseServers servers;
    private final PgTools tools;
    private final RestoreSettings.Restore config;

    public LogicalRestore(BackupStore store, DatabaseServers servers, PgTools tools, RestoreSettings settings) {
        this.store = store;
        this.servers = servers;
        this.tools = tools;
        this.config = settings.restore();
        if (!config.maintenanceWorkMem().matches("\\d+(kB|MB|GB)?")) {
            throw new IllegalArgumentException("dr.restore.maintenance-work-mem must be a PostgreSQL memory size "
                    + "such as 512MB, not '" + config.maintenanceWorkMem() + "'");
        }
    }

    /** The backups that may serve {@code request}, in the order they are tried. */
    public List<Manifest> candidates(RestoreRequest request) {
        String target = target(request);
        return BackupCandidates.select(store.complete("databases/" + target + "/full/"), request.backupId(),
                request.pointInTime());
    }

    /** The steps of {@code request}: a replacing restore ends by swapping the restored database into place. */
    public static List<String> steps(RestoreRequest request) {
        return replace(request) ? REPLACE_STEPS : STEPS;
    }

    static boolean replace(RestoreRequest request) {
        return Boolean.parseBoolean(request.parameter("replace", "false"));
    }

    public RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception {
        String target = target(request);
        DatabaseServer server = servers.forTarget(target);
        String database = DatabaseServer.checkedName(request.parameter("targetDatabase", target + "_restored_"
                + request.jobId().replaceAll("[^a-z0-9]", "").substring(0, Math.min(8,
                        request.jobId().replaceAll("[^a-z0-9]", "").length()))));
        boolean replace = replace(request);
        // A replacing restore loads into a new database and swaps it in only once it verified, so the live one is
        // untouched until then; otherwise the database must not exist yet.
        String into = replace ? DatabaseServer.derivedName(database, "__restore_" + shortId(request.jobId()))
                : database;
        Path work = Scratch.jobDir(config.workDir(), "jobs", steps.jobId());
        steps.scratch(Scratch.dir(work));
        Path dump = work.resolve("dump.pgc");
        Manifest chosen = VerifiedBackup.select(steps, () -> candidates(request), m -> fetch(m, dump, steps), "backup");
        steps.run("restore", () -> {
            prepare(server, database, into, replace, steps);
            load(server, into, dump, steps);
            return null;
        });
        steps.run("verify data integrity", () -> {
            steps.detail(RowCountVerifier.verify(server, into, chosen.tableRowCounts(), chosen.tableChecksums()));
            return null;
        });
        String location = "database " + database + " on " + server.address();
        if (replace) {
            String aside = steps.run(SWAP_STEP, () -> {
                steps.touchingLive();
                String kept = server.swapIn(into, database, DatabaseServer.derivedName(database, "__replaced_"
                        + ASIDE_STAMP.format(Instant.now())));
                steps.detail(into + " renamed to " + database + (kept == null ? "" : "; the database it replaced "
                        + "is kept as " + kept));
                return kept;
            });
            steps.keep(Scratch.database(server, into));
            location += aside == null ? "" : " (the replaced one kept as " + aside + ")";
        } else {
            steps.keep(Scratch.database(server, database));
        }
        return new RestoreOutcome(chosen.backupId(), chosen.dataAsOf(), chosen.compressedBytes(), location);
    }

    /** Eight hex digits derived from the job id: stable across attempts, always a valid name part. */
    static String shortId(String jobId) {
        return HexFormat.of().formatHex(BackupStore.sha256().digest(jobId.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
    }

    static String target(RestoreRequest request) {
        return request.target() == null || request.target().isBlank() ? "energy_forecast" : request.target();
    }

    /** Decompresses the dump to {@code file}, failing on a checksum mismatch before anything else happens. */
    void fetch(Manifest m, Path file, Steps steps) {
        Manifest.ManifestObject object = m.objects().stream().filter(o -> o.key().endsWith("/" + OBJECT)).findFirst()
                .orElseThrow(() -> new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH,
                        "backup " + m.backupId() + " lists no " + OBJECT));
        steps.reading(object.sizeBytes());
        store.readVerified(m, object, in -> {
            try (InputStream z = new ZstdInputStream(in); OutputStream out = Files.newOutputStream(file)) {
                z.transferTo(out);
            }
        }, steps::read);
    }

    private void prepare(DatabaseServer server, String database, String into, boolean replace, Steps steps)
            throws Exception {
        if (!replace && server.exists(database)) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "database " + database
                    + " exists; restore into a new database or set replace=true");
        }
        steps.scratch(Scratch.database(server, into));
        if (replace) {
            // Left by an earlier attempt of this job: it is ours by name, never the live database.
            server.drop(into);
        }
        server.create(into);
    }

    /** pg_restore in parallel; when the parallel run fails, once more on a fresh database with one job. */
    private void load(DatabaseServer server, String database, Path dump, Steps steps) throws Exception {
        int jobs = Math.max(1, config.parallelJobs());
        try {
            pgRestore(server, database, dump, jobs);
            steps.detail("pg_restore -j " + jobs + " into " + database);
        } catch (RestoreException e) {
            if (jobs == 1) {
                throw e;
            }
            LOG.warnf("parallel pg_restore failed, retrying with one job database=%s: %s", database, e.getMessage());
            server.drop(database);
            server.create(database);
            pgRestore(server, database, dump, 1);
            steps.detail("pg_restore -j 1 into " + database + " (parallel run failed)");
        }
    }

    private void pgRestore(DatabaseServer server, String database, Path dump, int jobs) {
        List<String> args = server.clientArgs(database);
        args.addAll(List.of("-j", String.valueOf(jobs), "--no-owner", "--no-privileges", "--exit-on-error",
                dump.toString()));
        // The restore's own sessions: index builds sort in memory instead of spilling to disk, and commits do not
        // wait for the disk (a crash mid-restore drops the database and fails the job anyway).
        Map<String, String> env = new HashMap<>(server.clientEnv());
        env.put("PGOPTIONS", "-c maintenance_work_mem=" + config.maintenanceWorkMem() + " -c synchronous_commit=off");
        tools.client("pg_restore", args, env, Duration.ofHours(6));
    }
}
