package org.efp.dr.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestSigningKeys;

/**
 * Two disasters in a row, as they happen to a running platform: failover-service, backup-service and
 * restore-service run as processes against real infrastructure while a client commits a row every 10 ms; the
 * energy_forecast primary is killed (SIGKILL of its postmaster), the platform promotes the standby, its WAL archive
 * follows the new timeline, the old primary comes back and is rejoined as a standby by the platform alone, and then
 * the new primary is killed too. Each phase is timed; nothing is done for the platform beyond breaking it and
 * restarting a crashed server, as a machine's reboot would.
 */
final class SecondDisaster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB = Infrastructure.ENERGY_FORECAST;

    /** How long each phase may take before the scenario fails. */
    static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(60);
    static final Duration WAL_TIMEOUT = Duration.ofSeconds(90);
    static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(180);
    static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(180);

    /** The measured phases of one disaster, in seconds from the kill. */
    record Disaster(String killed, Instant killedAt, String promoted, double writable, double walOnNewTimeline,
            long newTimeline) {
    }

    private final Infrastructure infra;
    private final Path work;
    private final LocalKubernetes kubernetes;
    private final ServiceProcess failover;
    private ServiceProcess backup;
    private final Map<String, String> backupConfig;
    private final Map<String, String> backupEnv;
    private final ServiceProcess restore;
    private final Map<Integer, PostgresServer> nodes = new HashMap<>();
    private Writer writer;

    SecondDisaster(Infrastructure infra, Path work) throws IOException, InterruptedException {
        this.infra = infra;
        this.work = work;
        Files.createDirectories(work);
        nodes.put(infra.primary().port(), infra.primary());
        nodes.put(infra.standby().port(), infra.standby());
        kubernetes = LocalKubernetes.start(Ports.free());
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
        config.putAll(kubernetes.serviceConfig());
        // Manifests are signed by backup-service and checked by restore-service, as in production.
        config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
        Map<String, String> failoverProps = ManagedNodes.dataDirProperties(nodes.values());
        failover = ServiceProcess.start("failover-service",
                ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, Map.of(
                "DR_FAILOVER_PROBES_INTERVAL", "500ms",
                "DR_FAILOVER_PROBES_FAILURES", "3",
                "DR_FAILOVER_DATABASE_AUTO_REJOIN", "true",
                "DR_FAILOVER_DATABASE_AUTO_REJOIN_DELAY", "2s"), failoverProps);
        backupConfig = ServiceProcess.withKafkaLogin(config, infra, "backup-service");
        backupEnv = Map.of("DR_BACKUP_SCHEDULES_ENABLED", "false",
                "DR_BACKUP_WAL_SPOOL_DIR", work.resolve("wal-spool").toString());
        backup = ServiceProcess.start("backup-service", backupConfig, work, backupEnv, Map.of());
        restore = ServiceProcess.start("restore-service",
                ServiceProcess.withKafkaLogin(config, infra, "restore-service"), work, Map.of(
                "DR_RESTORE_WORK_DIR", work.resolve("restore-work").toString(),
                "DR_MODELS_DIR", work.resolve("models").toString(),
                "DR_RESTORE_DRILLS_SCHEDULED", "false"), Map.of());
    }

    /** Starts the client's steady write load (a commit every 10 ms, 100/s) against whichever node is writable. */
    void startWriting() throws Exception {
        writer = new Writer(nodes.values().stream().map(n -> n.jdbcUrl(DB)).toList(), PostgresServer.USER,
                Duration.ofMillis(10));
        await("the first acknowledged writes").atMost(Duration.ofSeconds(30))
                .until(() -> writer.acknowledgedCount() > 50);
    }

    /** Waits until the platform reports the archive streaming from the current primary. */
    void awaitArchiveStreaming() {
        await("the WAL archive streaming").atMost(WAL_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> wal().path("streaming").asBoolean());
    }

    /** Kills the current primary's postmaster and times the platform's promotion and its WAL archive's follow-up. */
    Disaster killPrimary() throws Exception {
        return killPrimary(false);
    }

    /**
     * As {@link #killPrimary()}; with {@code crashBackupService}, backup-service is killed (SIGKILL) the moment the
     * topology names the new primary, while its WAL archive re-attaches, and started again: the archive must still
     * reach the new timeline with nothing missing.
     */
    Disaster killPrimary(boolean crashBackupService) throws Exception {
        PostgresServer victim = node(primaryPort());
        long timelineBefore = topology().path("timeline").asLong();
        Instant killedAt = Instant.now();
        long t0 = System.nanoTime();
        kill9(victim);
        await("a new writable primary").atMost(PROMOTION_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> writer.writingTo() != null && !writer.writingTo().equals(victim.jdbcUrl(DB))
                        && writer.firstAckOnConnectionNanos() > t0);
        double writable = (writer.firstAckOnConnectionNanos() - t0) / 1e9;
        String promoted = writer.writingTo();
        await("the topology naming the promoted primary").atMost(PROMOTION_TIMEOUT)
                .until(() -> !("127.0.0.1:" + victim.port()).equals(topology().path("primary").asText()));
        if (crashBackupService) {
            backup.kill9();
            backup = ServiceProcess.start("backup-service", backupConfig, work, backupEnv, Map.of());
        }
        // WAL the new primary wrote after taking writes: the archive holds the new timeline once it shipped this far.
        long written = lsn(text(node(port(promoted)), "SELECT pg_current_wal_lsn()::text"));
        await("the WAL archive shipping the new timeline").atMost(WAL_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode wal = wal();
                    return wal.path("streaming").asBoolean() && wal.path("timeline").asLong() > timelineBefore
                            && wal.path("shippedLsn").isTextual() && lsn(wal.path("shippedLsn").asText()) >= written;
                });
        double walOnNewTimeline = (System.nanoTime() - t0) / 1e9;
        return new Disaster("127.0.0.1:" + victim.port(), killedAt, promoted, writable, walOnNewTimeline,
                wal().path("timeline").asLong());
    }

    /**
     * The killed node's machine comes back: its server starts again (fenced on disk, it cannot come back writable)
     * and the platform rejoins it as a streaming standby by itself. Returns the seconds from the restart until the
     * topology shows it streaming again.
     */
    double restartAndAwaitRejoin(String address) {
        PostgresServer node = node(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        return ManagedNodes.restartAndAwaitRejoin(node, address, this::topology, REJOIN_TIMEOUT);
    }

    /**
     * Makes commits on the current primary wait until a streaming standby has flushed them (synchronous replication,
     * as Patroni's synchronous mode keeps it): the primary names its standbys (not the WAL archive's receiver) in
     * {@code synchronous_standby_names}; every other node has the setting removed, so whichever is promoted next takes
     * writes without waiting for a standby it does not have yet.
     */
    void synchronousReplication() {
        PostgresServer primary = asynchronousReplication();
        String standbys = await("a streaming standby of the primary").atMost(Duration.ofSeconds(60))
                .until(() -> text(primary, "SELECT string_agg(DISTINCT '\"' || application_name "
                        + "|| '\"', ', ') FROM pg_stat_replication WHERE state = 'streaming' "
                        + "AND application_name <> 'pg_receivewal'"), names -> names != null && !names.isBlank());
        primary.execute("postgres", "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (" + standbys + ")'");
        primary.execute("postgres", "SELECT pg_reload_conf()");
        await("a synchronous standby").atMost(Duration.ofSeconds(30)).until(() -> primary.queryLong("postgres",
                "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync' "
                        + "AND application_name <> 'pg_receivewal'") > 0);
    }

    /**
     * Commits wait for no standby on any node (PostgreSQL's default), only for their own WAL flush on the primary
     * (synchronous_commit on, which the test clusters turn off for speed); returns the current primary.
     */
    PostgresServer asynchronousReplication() {
        PostgresServer primary = node(primaryPort());
        primary.execute("postgres", "ALTER SYSTEM SET synchronous_commit = 'on'");
        for (PostgresServer n : nodes.values()) {
            if (n.running()) {
                n.execute("postgres", "ALTER SYSTEM RESET synchronous_standby_names");
                n.execute("postgres", "SELECT pg_reload_conf()");
            }
        }
        return primary;
    }

    /** Takes a backup of {@code kind} through backup-service's REST API; returns its final catalog entry. */
    JsonNode backup(String kind) throws Exception {
        HttpResponse<String> queued = backup.post("/backups", "{\"target\":\"" + DB + "\",\"kind\":\"" + kind + "\"}");
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("backup not queued: " + queued.statusCode() + " " + queued.body());
        }
        String id = JSON.readTree(queued.body()).path("backupId").asText();
        return await(kind + " backup " + id).atMost(BACKUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(backup.get("/backups/" + id)),
                        b -> !List.of("QUEUED", "RUNNING").contains(b.at("/backup/status").asText()));
    }

    /** Runs a database drill that replays the newest base backup and the WAL archive into a scratch server. */
    JsonNode physicalDrill() throws Exception {
        HttpResponse<String> queued = restore.post("/drills",
                "{\"scenario\":\"database_recovery\",\"target\":\"" + DB + "\",\"mode\":\"physical\"}");
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("drill not queued: " + queued.statusCode() + " " + queued.body());
        }
        String id = JSON.readTree(queued.body()).path("drillId").asText();
        return await("drill " + id).atMost(BACKUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(restore.get("/drills/" + id)),
                        d -> d.path("completedAt").isTextual());
    }

    /** Stops the write load; returns how many acknowledged commits the current primary does not hold. */
    long stopWritingAndCountLost() throws Exception {
        writer.close();
        return writer.missingOn(node(primaryPort()).jdbcUrl(DB));
    }

    long acknowledged() {
        return writer.acknowledgedCount();
    }

    JsonNode topology() throws IOException, InterruptedException {
        return JSON.readTree(failover.get("/api/v1/database/topology"));
    }

    JsonNode wal() throws IOException, InterruptedException {
        return JSON.readTree(backup.get("/wal"));
    }

    private int primaryPort() {
        try {
            String primary = topology().path("primary").asText();
            return Integer.parseInt(primary.substring(primary.lastIndexOf(':') + 1));
        } catch (IOException | InterruptedException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the topology from failover-service", e);
        }
    }

    /** A WAL position ({@code 16/B374D848}) as a number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** The port of a JDBC URL or {@code host:port}. */
    private static int port(String address) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)(/|$)").matcher(address);
        if (!m.find()) {
            throw new IllegalArgumentException("no port in " + address);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String text(PostgresServer server, String sql) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private PostgresServer node(int port) {
        PostgresServer node = nodes.get(port);
        if (node == null) {
            throw new IllegalStateException("no managed node on port " + port);
        }
        return node;
    }

    /** SIGKILL of the postmaster, as a crashed machine leaves it: no shutdown checkpoint, no goodbye to clients. */
    static void kill9(PostgresServer node) throws IOException {
        String pid = Files.readAllLines(node.dataDir().resolve("postmaster.pid")).get(0).trim();
        if (!pid.matches("[0-9]+")) {
            throw new IllegalStateException("no postmaster pid in " + node.dataDir());
        }
        try {
            if (new ProcessBuilder("kill", "-9", pid).start().waitFor() != 0) {
                throw new IllegalStateException("kill -9 " + pid + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
        ServiceProcess.stoppingTogether(restore, backup, failover).close();
        restore.close();
        backup.close();
        failover.close();
        kubernetes.close();
    }
}
