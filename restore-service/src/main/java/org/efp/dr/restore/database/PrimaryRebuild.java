package org.efp.dr.restore.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.restore.job.Steps;
import org.efp.dr.restore.postgres.DatabaseServer;
import org.efp.dr.restore.storage.BackupStore;
import org.jboss.logging.Logger;

/**
 * The guide's database recovery when the primary is lost and no standby is within the RPO: a new primary built on
 * the provisioned spare node ({@code dr.restore.rebuild.*}) from the newest good BASE backup and the WAL archive
 * replayed to its end, started detached as the server user (it outlives this service), verified to accept writes,
 * and reported with the instant of its last replayed commit and its {@code host:port}.
 * <p>
 * Layout next to the configured data directory: {@code efp-dr-rebuild/} (this job's staging: the unverified
 * extraction, the verified tree before it is moved into place, the fetched WAL; removed after the job),
 * {@code <data-dir>.replaced-<UTC stamp>} (a data directory that was there before, kept) and
 * {@code <data-dir>.log} (the server's output).
 */
@ApplicationScoped
public class PrimaryRebuild {

    public static final List<String> STEPS = List.of("check spare node", "select backup",
            "download and verify checksums", "fetch transaction logs", "start new primary", "verify new primary");
    /** Staging directory next to the spare's data directory; the WAL fetched into it is found by a fixed command. */
    static final String STAGING = "efp-dr-rebuild";
    private static final String RESTORE_COMMAND = "cp ../" + STAGING + "/wal/%f %p";
    private static final Logger LOG = Logger.getLogger(PrimaryRebuild.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern SETTING = Pattern.compile("[a-z][a-z0-9_.]{0,62}");
    /** Settings the rebuild itself decides; extras cannot override them. */
    private static final Set<String> RESERVED = Set.of("port", "listen_addresses", "restore_command", "archive_mode",
            "recovery_target", "recovery_target_time", "recovery_target_lsn", "recovery_target_xid",
            "recovery_target_name", "recovery_target_action", "recovery_target_timeline",
            "recovery_target_inclusive", "primary_conninfo", "data_directory", "hba_file", "ident_file",
            "config_file");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final PhysicalRestore physical;
    private final BackupStore store;
    private final PgTools tools;
    private final RestoreSettings settings;
    private final Clock clock;

    public PrimaryRebuild(PhysicalRestore physical, BackupStore store, PgTools tools, RestoreSettings settings,
            Clock clock) {
        this.physical = physical;
        this.store = store;
        this.tools = tools;
        this.settings = settings;
        this.clock = clock;
    }

    /** The configured spare node, checked. */
    record Spare(Path dataDir, String host, int port, Map<String, String> extras) {

        String endpoint() {
            return host + ":" + port;
        }
    }

    /** What the replay reached: the last replayed commit (null when none), the last replayed WAL record. */
    private record Replayed(Instant lastCommit, String lsn) {
    }

    public RestoreOutcome rebuild(RestoreRequest request, Steps steps) throws Exception {
        String target = LogicalRestore.target(request);
        Spare spare = steps.run("check spare node", () -> {
            Spare s = spare();
            free(s);
            steps.detail("spare " + s.endpoint() + " data " + s.dataDir()
                    + (Files.exists(s.dataDir(), LinkOption.NOFOLLOW_LINKS) ? " (existing directory will be kept aside)"
                            : ""));
            return s;
        });
        List<Manifest> candidates = steps.run("select backup", () -> {
            List<Manifest> found;
            try {
                found = physical.candidates(request);
            } catch (RestoreException e) {
                if (e.reason() != RestoreException.Reason.NO_BACKUP) {
                    throw e;
                }
                throw new RestoreException(RestoreException.Reason.NO_BACKUP, "no primary can be rebuilt for "
                        + target + ": " + e.getMessage() + " under databases/" + target + "/base/", e);
            }
            steps.detail(found.size() + " candidate BASE backup(s), newest " + found.get(0).backupId());
            return found;
        });
        Path staging = spare.dataDir().resolveSibling(STAGING);
        // Ours by name: what an earlier rebuild that crashed left behind.
        Scratch.delete(staging);
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        steps.scratch(Scratch.dir(staging));
        Path incoming = staging.resolve("data");
        Manifest chosen = steps.run("download and verify checksums",
                () -> physical.extractFirstGood(candidates, staging.resolve("unverified"), incoming, steps));
        steps.run("fetch transaction logs", () -> {
            String first = chosen.wal() == null ? null : chosen.wal().firstSegment();
            steps.detail(WalFetcher.fetch(store, target, first, staging.resolve("wal")) + " archived WAL file(s) from "
                    + (first == null ? "the start of the archive" : first));
            return null;
        });
        DatabaseServer server = new DatabaseServer(spare.host(), spare.port(), settings.energyForecast().user(),
                settings.energyForecast().password().orElse(null));
        Path[] aside = new Path[1];
        Replayed replayed = steps.run("start new primary", () -> {
            configure(incoming, spare);
            free(spare);
            aside[0] = moveAside(spare.dataDir());
            Files.move(incoming, spare.dataDir(), StandardCopyOption.ATOMIC_MOVE);
            steps.scratch(Scratch.cluster(spare.dataDir()));
            try {
                Replayed r = start(spare, staging, server);
                steps.detail("new primary on " + spare.endpoint() + " left recovery at the end of the archive"
                        + (r.lastCommit() == null ? "; no commit after the base backup was archived"
                                : "; last replayed commit " + r.lastCommit() + ", " + Math.max(0, Duration.between(
                                        r.lastCommit(), request.outageStartedAt()).toSeconds())
                                        + " s before the outage began (" + request.outageStartedAt() + ")")
                        + "; WAL replayed to " + r.lsn());
                return r;
            } catch (Exception e) {
                undo(spare, aside[0], steps);
                throw e;
            }
        });
        int timeline = steps.run("verify new primary", () -> {
            try {
                int tli = verifyWritable(server);
                steps.detail("not in recovery, timeline " + tli + ", a write committed and was removed; "
                        + PhysicalRestore.readable(server));
                return tli;
            } catch (Exception e) {
                undo(spare, aside[0], steps);
                throw e;
            }
        });
        steps.keep(Scratch.cluster(spare.dataDir()));
        String reset = resetRecoverySettings(server, spare);
        Instant recoveredTo = replayed.lastCommit() != null ? replayed.lastCommit() : chosen.dataAsOf();
        List<String> notes = new ArrayList<>();
        notes.add("publish " + spare.endpoint() + " as the " + target + " primary (topology, connection Secret) "
                + "and point clients at it");
        notes.add("the new primary is on timeline " + timeline + ": build standbys from it and point WAL archiving "
                + "and backups at it");
        if (reset != null) {
            notes.add(reset);
        }
        if (aside[0] != null) {
            notes.add("the spare's previous data directory was kept at " + aside[0]);
        }
        LOG.infof("primary rebuilt target=%s backupId=%s endpoint=%s timeline=%d recoveredTo=%s", target,
                chosen.backupId(), spare.endpoint(), timeline, recoveredTo);
        return new RestoreOutcome(chosen.backupId() + " + WAL to " + replayed.lsn(), recoveredTo,
                chosen.compressedBytes(), "primary " + spare.endpoint() + " data " + spare.dataDir() + " timeline "
                        + timeline, spare.endpoint(), notes);
    }

    /** The spare node's settings, refused (SPARE_UNAVAILABLE) when incomplete or unsafe. */
    Spare spare() {
        RestoreSettings.Rebuild config = settings.restore().rebuild();
        if (config.dataDir().isEmpty() || config.port().isEmpty()) {
            throw unavailable("no spare node configured: set dr.restore.rebuild.data-dir "
                    + "(DR_RESTORE_REBUILD_DATA_DIR) and dr.restore.rebuild.port (DR_RESTORE_REBUILD_PORT)");
        }
        Path dataDir = config.dataDir().get();
        if (!dataDir.isAbsolute() || !dataDir.normalize().equals(dataDir) || dataDir.getParent() == null) {
            throw unavailable("dr.restore.rebuild.data-dir must be an absolute, normalized path below a directory: "
                    + dataDir);
        }
        if (!Files.isDirectory(dataDir.getParent())) {
            throw unavailable("the parent of dr.restore.rebuild.data-dir does not exist: " + dataDir.getParent());
        }
        if (Files.isSymbolicLink(dataDir) || dataDir.getFileName().toString().equals(STAGING)) {
            throw unavailable("dr.restore.rebuild.data-dir must be a directory (not a link, not " + STAGING + "): "
                    + dataDir);
        }
        int port = config.port().get();
        if (port < 1 || port > 65535) {
            throw unavailable("dr.restore.rebuild.port must be 1-65535: " + port);
        }
        if (!HOST.matcher(config.host()).matches()) {
            throw unavailable("dr.restore.rebuild.host must be a host name or IPv4 address: " + config.host());
        }
        Map<String, String> extras = new TreeMap<>();
        config.conf().forEach((name, value) -> {
            String key = name.toLowerCase(java.util.Locale.ROOT);
            if (!SETTING.matcher(key).matches() || RESERVED.contains(key)) {
                throw unavailable("dr.restore.rebuild.conf." + name + " is not a setting a rebuild may take "
                        + "(the rebuild sets " + RESERVED.stream().sorted().toList() + " itself)");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw unavailable("dr.restore.rebuild.conf." + name + " holds a control character");
            }
            extras.put(key, value);
        });
        return new Spare(dataDir, config.host(), port, extras);
    }

    /** Refuses a spare whose data directory has a running server or whose port is taken. */
    private void free(Spare spare) throws IOException {
        if (running(spare.dataDir())) {
            throw unavailable("a server is running on the spare data directory " + spare.dataDir()
                    + ": stop it or configure another spare");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(spare.host()), spare.port()), 1);
        } catch (IOException e) {
            throw unavailable("the spare's address " + spare.endpoint() + " cannot be listened on: " + e.getMessage());
        }
    }

    private boolean running(Path dataDir) {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        try {
            tools.server("pg_ctl", List.of("-D", dataDir.toString(), "status"), Duration.ofSeconds(30));
            return true;
        } catch (RestoreException e) {
            return false;
        }
    }

    /** Settings of the new primary, appended to the backup's postgresql.auto.conf, and the recovery signal. */
    private static void configure(Path dataDir, Spare spare) throws IOException {
        for (String stale : List.of("postmaster.pid", "postmaster.opts", "standby.signal")) {
            Files.deleteIfExists(dataDir.resolve(stale));
        }
        if (!Files.exists(dataDir.resolve("pg_hba.conf"))) {
            throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "the base backup holds no pg_hba.conf "
                    + "(the source kept its configuration outside its data directory); no server was started");
        }
        if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
            // Settings outside the data directory were not backed up: the defaults plus the auto.conf below.
            Files.writeString(dataDir.resolve("postgresql.conf"), "# rebuilt primary: see postgresql.auto.conf\n");
        }
        StringBuilder conf = new StringBuilder("\n# rebuilt primary (restore-service)\n")
                .append("listen_addresses = ").append(quoted(spare.host())).append('\n')
                .append("port = ").append(spare.port()).append('\n')
                .append("unix_socket_directories = ''\n")
                // WAL of the new primary is archived by streaming from it; no archive_command of the old one.
                .append("archive_mode = off\n")
                .append("restore_command = ").append(quoted(RESTORE_COMMAND)).append('\n')
                .append("recovery_target_timeline = 'latest'\n");
        spare.extras().forEach((name, value) -> conf.append(name).append(" = ").append(quoted(value)).append('\n'));
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), conf, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        // No recovery target: recovery ends when the archive has no next segment, and the server promotes itself
        // onto a new timeline.
        Files.writeString(dataDir.resolve("recovery.signal"), "");
        Files.createDirectories(dataDir.resolve("pg_wal/archive_status"));
    }

    /** A configuration string literal: single quotes doubled, no control characters (checked before). */
    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Moves an existing data directory aside (kept); an empty one holds nothing and is removed. */
    private Path moveAside(Path dataDir) throws IOException {
        if (!Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.isDirectory(dataDir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(dataDir);
                    return null;
                }
            }
        }
        String base = dataDir.getFileName() + ".replaced-" + STAMP.format(clock.instant());
        Path aside = dataDir.resolveSibling(base);
        for (int i = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
            aside = dataDir.resolveSibling(base + "-" + i);
        }
        Files.move(dataDir, aside, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("spare data directory moved aside from=%s to=%s", dataDir, aside);
        return aside;
    }

    /**
     * Starts the server with pg_ctl as the server user: pg_ctl starts the postmaster in a session of its own, with
     * its output in the log file, so it outlives this service. Waits until it left recovery.
     */
    private Replayed start(Spare spare, Path staging, DatabaseServer server) throws Exception {
        Path log = spare.dataDir().resolveSibling(spare.dataDir().getFileName() + ".log");
        if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(log);
        }
        if (Files.isSymbolicLink(log)) {
            throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "log file " + log + " is a link");
        }
        tools.handOver(staging);
        tools.handOver(spare.dataDir());
        tools.handOver(log);
        long logStart = Files.size(log);
        try {
            tools.server("pg_ctl", List.of("-D", spare.dataDir().toString(), "-l", log.toString(), "-w", "-t", "600",
                    "start"), Duration.ofMinutes(11));
        } catch (RestoreException e) {
            throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "new primary did not start: "
                    + tail(log, logStart), e);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp(), "
                            + "pg_last_wal_replay_lsn()::text")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    var ts = rs.getTimestamp(2);
                    return new Replayed(ts == null ? null : ts.toInstant(), rs.getString(3));
                }
            } catch (SQLException e) {
                LOG.debugf("new primary not ready yet: %s", e.getMessage());
            }
            if (!running(spare.dataDir())) {
                throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "new primary stopped during "
                        + "recovery: " + tail(log, logStart));
            }
            Thread.sleep(250);
        }
        throw new RestoreException(RestoreException.Reason.RESTORE_FAILED,
                "new primary did not leave recovery within 30 minutes: " + tail(log, logStart));
    }

    private static String tail(Path log, long from) {
        try {
            String text = Files.readString(log);
            text = text.substring((int) Math.min(from, text.length()));
            return text.substring(Math.max(0, text.length() - 1500));
        } catch (IOException | RuntimeException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Not in recovery, and a write in a scratch table commits (seen from another session) and is removed. Returns
     * the timeline.
     */
    private static int verifyWritable(DatabaseServer server) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                            "the new primary is still in recovery");
                }
            }
            s.execute("DROP TABLE IF EXISTS public.efp_dr_rebuild_write_check");
            s.execute("CREATE TABLE public.efp_dr_rebuild_write_check (checked_at timestamptz NOT NULL "
                    + "DEFAULT clock_timestamp())");
            try {
                s.executeUpdate("INSERT INTO public.efp_dr_rebuild_write_check DEFAULT VALUES");
                try (Connection other = server.connect("postgres"); Statement o = other.createStatement();
                        ResultSet rs = o.executeQuery("SELECT count(*) FROM public.efp_dr_rebuild_write_check")) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                                "a committed write was not visible to another session");
                    }
                }
            } finally {
                s.execute("DROP TABLE IF EXISTS public.efp_dr_rebuild_write_check");
            }
            try (ResultSet rs = s.executeQuery("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")) {
                rs.next();
                return Integer.parseInt(rs.getString(1), 16);
            }
        }
    }

    /**
     * Removes the recovery settings the rebuild wrote, so the primary keeps nothing pointing at the job's staging.
     * Best effort: they are inert once the server left recovery, so a user not allowed ALTER SYSTEM only yields a
     * next step. Returns null when done, else that step.
     */
    private static String resetRecoverySettings(DatabaseServer server, Spare spare) {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM RESET restore_command");
            s.execute("ALTER SYSTEM RESET recovery_target_timeline");
            s.execute("SELECT pg_reload_conf()");
            return null;
        } catch (SQLException e) {
            LOG.warnf("recovery settings of the new primary not reset endpoint=%s: %s", spare.endpoint(),
                    e.getMessage());
            return "remove restore_command and recovery_target_timeline from " + spare.dataDir()
                    + "/postgresql.auto.conf (they were not reset: " + e.getMessage() + ")";
        }
    }

    /**
     * After a failure once the new tree was moved into place: its server stopped, the tree (made from the backup,
     * nothing lost) removed, and the directory that was there before put back.
     */
    private void undo(Spare spare, Path aside, Steps steps) {
        steps.keep(Scratch.cluster(spare.dataDir()));
        try {
            if (Files.exists(spare.dataDir().resolve("postmaster.pid"))) {
                tools.server("pg_ctl", List.of("-D", spare.dataDir().toString(), "-m", "immediate", "-w", "stop"),
                        Duration.ofSeconds(60));
            }
        } catch (RuntimeException e) {
            LOG.warnf("new primary not stopped dataDir=%s: %s", spare.dataDir(), e.getMessage());
        }
        try {
            Scratch.delete(spare.dataDir());
            if (aside != null) {
                Files.move(aside, spare.dataDir(), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.errorf("spare data directory not put back dataDir=%s aside=%s: %s", spare.dataDir(), aside,
                    e.getMessage());
        }
    }

    private static RestoreException unavailable(String message) {
        return new RestoreException(RestoreException.Reason.SPARE_UNAVAILABLE, message);
    }
}
