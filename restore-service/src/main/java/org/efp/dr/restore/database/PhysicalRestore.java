package org.efp.dr.restore.database;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.Steps;
import org.efp.dr.restore.postgres.DatabaseServer;
import org.efp.dr.restore.storage.BackupCandidates;
import org.efp.dr.restore.storage.SafeTarExtractor;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.common.backupformat.Manifest;
import org.jboss.logging.Logger;

/**
 * The fast path: a BASE backup (pg_basebackup tar) extracted into a new data directory, archived WAL replayed up to
 * the requested point in time, and the cluster started on a free 127.0.0.1 port and promoted. The base backup is
 * extracted into a directory that only becomes the data directory once its SHA-256 matched the manifest, so no
 * server ever starts on unverified data.
 */
@ApplicationScoped
public class PhysicalRestore {

    public static final List<String> STEPS = List.of("select backup", "download and verify checksums",
            "fetch transaction logs", "replay transaction logs", "verify data integrity");
    private static final Logger LOG = Logger.getLogger(PhysicalRestore.class);
    /** Directory next to the data directory the archived WAL is fetched into. */
    private static final String WAL_DIR = "wal";

    private final BackupStore store;
    private final PgTools tools;
    private final RestoreSettings settings;

    public PhysicalRestore(BackupStore store, PgTools tools, RestoreSettings settings) {
        this.store = store;
        this.tools = tools;
        this.settings = settings;
    }

    public List<Manifest> candidates(RestoreRequest request) {
        return BackupCandidates.select(store.complete("databases/" + LogicalRestore.target(request) + "/base/"),
                request.backupId(), request.pointInTime());
    }

    public RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception {
        String target = LogicalRestore.target(request);
        List<Manifest> candidates = steps.run("select backup", () -> {
            List<Manifest> found = candidates(request);
            steps.detail(found.size() + " candidate(s), newest " + found.get(0).backupId());
            return found;
        });
        Path home = Scratch.jobDir(settings.restore().workDir(), "clusters", steps.jobId());
        steps.scratch(Scratch.cluster(home));
        Path dataDir = home.resolve("data");
        Manifest chosen = steps.run("download and verify checksums",
                () -> extractFirstGood(candidates, home.resolve("unverified"), dataDir, steps));
        Path walDir = home.resolve(WAL_DIR);
        steps.run("fetch transaction logs", () -> {
            String first = chosen.wal() == null ? null : chosen.wal().firstSegment();
            steps.detail(WalFetcher.fetch(store, target, first, walDir) + " WAL segment(s) from " + first);
            return null;
        });
        int port = freePort();
        Instant replayedTo = steps.run("replay transaction logs", () -> {
            configure(dataDir, walDir, port, request.pointInTime());
            if (!Files.isDirectory(dataDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH, "no verified data directory");
            }
            tools.handOver(home);
            try {
                tools.server("pg_ctl", List.of("-D", dataDir.toString(), "-l", home.resolve("postgres.log").toString(),
                        "-w", "-t", "600", "start"), Duration.ofMinutes(11));
            } catch (RestoreException e) {
                String log = Files.exists(home.resolve("postgres.log")) ? Files.readString(home.resolve("postgres.log"))
                        : "";
                throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "restored cluster did not start: "
                        + log.substring(Math.max(0, log.length() - 1500)), e);
            }
            Instant replayed = awaitPromoted(port);
            steps.detail("cluster on 127.0.0.1:" + port + " recovered"
                    + (request.pointInTime() == null ? " to the end of the archived WAL" : " to " + request.pointInTime()));
            return replayed;
        });
        steps.run("verify data integrity", () -> {
            steps.detail(verify(port));
            return null;
        });
        steps.keep(Scratch.cluster(home));
        Instant recoveredTo = request.pointInTime() != null ? request.pointInTime()
                : replayedTo != null ? replayedTo : chosen.dataAsOf();
        return new RestoreOutcome(chosen.backupId(), recoveredTo, chosen.compressedBytes(),
                "cluster 127.0.0.1:" + port + " data " + dataDir);
    }

    /**
     * Extracts the newest of {@code candidates} whose bytes match its manifest into {@code dataDir} (see
     * {@link #extractVerified}); a refused one is named in the step's detail and the next older one tried.
     */
    Manifest extractFirstGood(List<Manifest> candidates, Path unverified, Path dataDir, Steps steps)
            throws IOException {
        List<String> refused = new ArrayList<>();
        for (Manifest m : candidates) {
            try {
                extractVerified(m, unverified, dataDir, steps);
                steps.detail((refused.isEmpty() ? "" : String.join("; ", refused) + "; fell back to ")
                        + m.backupId() + " verified and extracted");
                return m;
            } catch (RestoreException e) {
                if (e.reason() == RestoreException.Reason.UNSAFE_ARCHIVE) {
                    throw e;
                }
                LOG.warnf("base backup refused backupId=%s reason=%s: %s", m.backupId(), e.reason(),
                        e.getMessage());
                refused.add("refused " + m.backupId() + " (" + e.reason() + ")");
            }
        }
        throw new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH,
                "no verifiable base backup: " + String.join("; ", refused));
    }

    /**
     * Extracts the base backup while its SHA-256 is computed, into {@code unverified}, where no server is ever
     * started; only when the digest matched the manifest is it renamed to the data directory (a sibling). Anything
     * else removes it.
     */
    private void extractVerified(Manifest m, Path unverified, Path dataDir, Steps steps) throws IOException {
        Manifest.ManifestObject object = m.objects().stream().filter(o -> o.key().endsWith("/base.tar.zst")).findFirst()
                .orElseThrow(() -> new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH,
                        "backup " + m.backupId() + " lists no base.tar.zst"));
        Scratch.delete(unverified);
        Scratch.delete(dataDir);
        Files.createDirectory(unverified, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            // readVerified returns only when the whole object's digest matched its manifest.
            steps.reading(object.sizeBytes());
            store.readVerified(m, object, in -> {
                try (InputStream z = new ZstdInputStream(in)) {
                    SafeTarExtractor.extract(z, unverified, rules(m));
                }
            }, steps::read);
        } catch (RuntimeException e) {
            Scratch.delete(unverified);
            throw refusal(e);
        }
        Files.move(unverified, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The archive's own refusal when the extraction refused it (the store reports it as a read failure). */
    private static RuntimeException refusal(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RestoreException re) {
                return re;
            }
        }
        return e;
    }

    /** A base backup holds files and directories only, no more than its manifest's size. */
    private SafeTarExtractor.Rules rules(Manifest m) {
        RestoreSettings.ModelLimits limits = settings.restore().models();
        long total = m.sizeBytes() > 0 ? m.sizeBytes() : Long.MAX_VALUE / 4;
        return new SafeTarExtractor.Rules(1_000_000, total, total, Math.max(limits.maxNameLength(), 1024), null);
    }

    private static void configure(Path dataDir, Path walDir, int port, Instant pointInTime) throws IOException {
        if (!walDir.equals(dataDir.resolveSibling(WAL_DIR))) {
            throw new IllegalStateException("WAL directory " + walDir + " is not next to " + dataDir);
        }
        Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        StringBuilder conf = new StringBuilder("\n# restore\n")
                .append("listen_addresses = '127.0.0.1'\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = ''\n")
                .append("archive_mode = off\n")
                // The server runs in its data directory, and the WAL was fetched next to it: a fixed command with
                // no path or id text in it.
                .append("restore_command = 'cp ../" + WAL_DIR + "/%f %p'\n");
        if (pointInTime != null) {
            conf.append("recovery_target_time = '").append(java.time.format.DateTimeFormatter
                    .ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(java.time.ZoneOffset.UTC).format(pointInTime))
                    .append("+00'\n")
                    .append("recovery_target_action = 'promote'\n");
        }
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), conf, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Files.writeString(dataDir.resolve("recovery.signal"), "");
        Files.createDirectories(dataDir.resolve("pg_wal/archive_status"));
    }

    private Instant awaitPromoted(int port) throws Exception {
        DatabaseServer server = new DatabaseServer("127.0.0.1", port, settings.energyForecast().user(),
                settings.energyForecast().password().orElse(null));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    var ts = rs.getTimestamp(2);
                    return ts == null ? null : ts.toInstant();
                }
            } catch (java.sql.SQLException e) {
                LOG.debugf("restored cluster not ready yet: %s", e.getMessage());
            }
            Thread.sleep(250);
        }
        throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "restored cluster did not leave recovery");
    }

    /** Every database of the restored cluster answers and its tables are readable. */
    private String verify(int port) throws Exception {
        return readable(new DatabaseServer("127.0.0.1", port, settings.energyForecast().user(),
                settings.energyForecast().password().orElse(null)));
    }

    /** Every database of {@code server} that takes connections answers; says how many and how many tables. */
    static String readable(DatabaseServer server) throws java.sql.SQLException {
        List<String> databases = new ArrayList<>();
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        long tables = 0;
        for (String db : databases) {
            try (Connection c = server.connect(db); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_user_tables")) {
                rs.next();
                tables += rs.getLong(1);
            }
        }
        return databases.size() + " databases, " + tables + " tables readable";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
