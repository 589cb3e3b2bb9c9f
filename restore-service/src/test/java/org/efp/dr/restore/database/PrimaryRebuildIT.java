package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.PhysicalFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The primary is lost and there is no standby: DATABASE_REBUILD builds a new primary on the configured spare node
 * from the newest BASE backup and the WAL archive. Each test has a primary of its own (the one it loses), filed
 * under a target of its own.
 */
@QuarkusTest
@TestProfile(PrimaryRebuildIT.WithSpare.class)
@WithTestResource(DrTestResources.class)
class PrimaryRebuildIT {

    /** A spare node: a data directory (whose parent exists) and a free loopback port, fixed for the service. */
    public static class WithSpare implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // Reachable by the server user: the spare's data directory is handed to it.
                Path root = Files.createTempDirectory("efp-dr-rebuild-it",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                Files.createDirectories(root.resolve("spare"));
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    return Map.of("dr.restore.poll-interval", "250ms",
                            "dr.restore.rebuild.data-dir", root.resolve("spare").resolve("data").toString(),
                            "dr.restore.rebuild.port", String.valueOf(socket.getLocalPort()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @ConfigProperty(name = "dr.restore.rebuild.data-dir")
    Path spareDataDir;

    @ConfigProperty(name = "dr.restore.rebuild.port")
    int sparePort;

    private final List<PostgresServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        if (Files.exists(spareDataDir.resolve("postmaster.pid"))) {
            OsCommand.postgres(null, "pg_ctl", "-D", spareDataDir.toString(), "-m", "immediate", "-w", "stop");
        }
        servers.forEach(s -> s.stop("immediate"));
    }

    @Test
    void lostPrimaryIsRebuiltFromBaseAndWalAcceptsWritesAndReportsTheDataLost() throws Exception {
        // Given: a primary, its BASE backup, commits archived as WAL, one commit never archived, then the crash
        BackupFixture backups = BackupFixture.create();
        PostgresServer primary = ownPrimary();
        PhysicalFixture physical = new PhysicalFixture(backups, primary);
        String target = "ef_rebuild_" + UUID.randomUUID().toString().substring(0, 8);
        primary.createDatabase("energy");
        primary.execute("energy", "CREATE TABLE events (name text, at timestamptz DEFAULT clock_timestamp()); "
                + "INSERT INTO events (name) VALUES ('before backup')");
        String first = physical.baseBackup(target);
        primary.execute("energy", "INSERT INTO events (name) VALUES ('archived A')");
        primary.execute("energy", "INSERT INTO events (name) VALUES ('archived B')");
        Instant lastArchivedCommit = Instant.parse(text(primary.port(), "energy",
                "SELECT to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM events"));
        physical.archiveWal(target, first);
        primary.execute("energy", "INSERT INTO events (name) VALUES ('never archived')");
        Instant lost = Instant.now();
        primary.stop("immediate");
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.DATABASE_REBUILD, target, null,
                null, Map.of("outageStartedAt", lost.toString()));

        // Then: the new primary serves on the spare, holds what was archived, takes writes, and says what was lost
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(180));
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.location()).isEqualTo("127.0.0.1:" + sparePort);
        assertThat(completed.recoveredTo()).isAfterOrEqualTo(lastArchivedCommit.minusMillis(1)).isBefore(lost);
        assertThat(completed.dataLossSeconds()).isNotNull().isBetween(0L, 60L)
                .isEqualTo(Duration.between(completed.recoveredTo(), lost).toSeconds());
        assertThat(completed.nextSteps()).anyMatch(s -> s.contains("127.0.0.1:" + sparePort));
        assertThat(rows(sparePort)).containsExactly("archived A", "archived B", "before backup");
        assertThat(text(sparePort, "postgres", "SELECT pg_is_in_recovery()::text")).isEqualTo("false");
        assertThat(text(sparePort, "postgres", "SELECT count(*)::text FROM pg_file_settings "
                + "WHERE name IN ('restore_command', 'recovery_target_timeline')"))
                .as("no recovery setting left pointing at the removed staging").isEqualTo("0");
        try (Connection c = connect(sparePort, "energy"); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO events (name) VALUES ('written after the rebuild')");
        }
        assertThat(rows(sparePort)).contains("written after the rebuild");
        assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> ((RecoveryStepCompleted) e).step())
                .contains("download and verify checksums", "fetch transaction logs", "start new primary",
                        "verify new primary");
        assertThat(spareDataDir.resolveSibling(PrimaryRebuild.STAGING)).as("staging removed").doesNotExist();
    }

    @Test
    void aTamperedOnlyBackupIsRefusedAndTheSparesDirectoryIsLeftAsItWas() throws Exception {
        // Given: the only BASE backup of the target has other bytes than its manifest says; the spare holds a file
        BackupFixture backups = BackupFixture.create();
        PostgresServer primary = ownPrimary();
        String target = "ef_rebuild_" + UUID.randomUUID().toString().substring(0, 8);
        PhysicalFixture.Base base = new PhysicalFixture(backups, primary).base(target);
        backups.s3().putObject(r -> r.bucket(Infrastructure.BUCKET).key(base.objectKey()),
                RequestBody.fromString("not a base backup"));
        Path marker = spareMarker();
        List<String> before = siblingsOfSpare();
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.DATABASE_REBUILD, target, null,
                null, Map.of());

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(120));
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("no verifiable base backup").contains(base.backupId());
        assertThat(completed.location()).isNull();
        assertThat(marker).hasContent("kept");
        assertThat(siblingsOfSpare()).as("nothing moved aside or left next to the spare").isEqualTo(before);
    }

    @Test
    void aRebuildIsRefusedWhileTheSparesPortIsTakenAndWhenTheTargetHasNoBaseBackup() throws Exception {
        // Given: the bucket exists, the target never had a backup
        BackupFixture.create();
        Path marker = spareMarker();
        List<String> before = siblingsOfSpare();
        String busy = "rec-" + UUID.randomUUID();
        String none = "rec-" + UUID.randomUUID();

        // When: asked over REST while something listens on the spare's port, and over Kafka for a target never
        // backed up
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), sparePort));
            String jobId = Callers.operator().contentType("application/json")
                    .body(Map.of("incidentId", "inc-" + busy, "action", "DATABASE_REBUILD"))
                    .post("/restores").then().statusCode(202).extract().path("jobId");
            RecoveryCompleted refused = RecoveryEvents.awaitCompleted(jobId, Duration.ofSeconds(60));

            // Then
            assertThat(refused.status()).isEqualTo(RecoveryStatus.FAILED);
            assertThat(refused.error()).contains("127.0.0.1:" + sparePort).contains("cannot be listened on");
        }
        RecoveryEvents.request("inc-" + UUID.randomUUID(), none, RecoveryAction.DATABASE_REBUILD,
                "ef_rebuild_never_backed_up", null, null, Map.of());
        RecoveryCompleted noBackup = RecoveryEvents.awaitCompleted(none, Duration.ofSeconds(60));
        assertThat(noBackup.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(noBackup.error()).contains("no primary can be rebuilt for ef_rebuild_never_backed_up");
        assertThat(marker).hasContent("kept");
        assertThat(siblingsOfSpare()).as("nothing moved aside or left next to the spare").isEqualTo(before);
    }

    @Test
    void aRebuildWithAPointInTimeIsABadRequest() {
        Callers.operator().contentType("application/json")
                .body(Map.of("incidentId", "inc-" + UUID.randomUUID(), "action", "DATABASE_REBUILD",
                        "pointInTime", Instant.now().minusSeconds(60).toString()))
                .post("/restores").then().statusCode(400);
    }

    /** A primary of the test's own on a free port, the one it loses. */
    private PostgresServer ownPrimary() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PostgresServer server = PostgresServer.primary("lost-primary", spareDataDir.getParent().getParent()
                .resolve("primary-" + UUID.randomUUID().toString().substring(0, 8)), port, false).start();
        servers.add(server);
        return server;
    }

    /** The spare's data directory holding one file of an earlier life; a rebuild that fails must leave it. */
    private Path spareMarker() throws IOException {
        Scratch.delete(spareDataDir);
        Files.createDirectories(spareDataDir);
        return Files.writeString(spareDataDir.resolve("earlier-file"), "kept");
    }

    private List<String> siblingsOfSpare() throws IOException {
        try (Stream<Path> entries = Files.list(spareDataDir.getParent())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".log")).sorted().toList();
        }
    }

    private static Connection connect(int port, String database) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    private static String text(int port, String database, String sql) throws Exception {
        try (Connection c = connect(port, database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rows(int port) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(port, "energy"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM events ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
