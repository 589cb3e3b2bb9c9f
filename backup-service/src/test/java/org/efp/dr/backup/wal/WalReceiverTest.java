package org.efp.dr.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/** The WAL receiver against a real PostgreSQL server. */
class WalReceiverTest {

    @Test
    void aTopologyChangeArrivingWhileTheReceiverAttachesLeavesItStreamingAndSayingSo() throws Exception {
        // Given: a receiver whose first look at the topology is answered only after a re-attach came in (the
        // topology arrived from dr.topology while the archive was starting)
        Path home = Files.createDirectories(Path.of("target", "wal-receiver-" + System.nanoTime()).toAbsolutePath());
        PostgresServer server = PostgresServer.primary("wal-receiver", home.resolve("pg"), Ports.free(), false).start();
        PgTarget target = PgTarget.fromJdbcUrl("energy_forecast", server.jdbcUrl("postgres"), PostgresServer.USER, "");
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Supplier<PgTarget> primary = () -> {
            asked.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return target;
        };
        WalReceiver receiver = new WalReceiver(tools(), home.resolve("spool"), "race_slot",
                Clock.systemUTC(), primary);
        receiver.start();
        Thread thread = new Thread(receiver::run, "wal-receiver-test");
        thread.start();
        try {
            // When
            asked.await(10, TimeUnit.SECONDS);
            receiver.reattach("topology generation 1 names the primary");
            answer.countDown();

            // Then
            await().atMost(Duration.ofSeconds(30)).until(receiver::streaming);
        } finally {
            receiver.stop();
            thread.join(10_000);
            server.close();
        }
    }

    @Test
    void aSegmentFileLeftHalfPreAllocatedByAnInterruptedReceiverDoesNotStopTheArchive() throws Exception {
        // Given: the spool holds what a pg_receivewal stopped while zero-filling a new segment leaves behind (a
        // .partial of the segment the server writes now, shorter than 16 MB, all zeros)
        Path home = Files.createDirectories(Path.of("target", "wal-receiver-" + System.nanoTime()).toAbsolutePath());
        PostgresServer server = PostgresServer.primary("wal-prealloc", home.resolve("pg"), Ports.free(), false).start();
        PgTarget target = PgTarget.fromJdbcUrl("energy_forecast", server.jdbcUrl("postgres"), PostgresServer.USER, "");
        String segment;
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_current_wal_lsn())")) {
            rs.next();
            segment = rs.getString(1);
        }
        Path spool = Files.createDirectories(home.resolve("spool"));
        Files.write(spool.resolve(segment + ".partial"), new byte[1207 * 8192]);
        WalReceiver receiver = new WalReceiver(tools(), spool, "prealloc_slot", Clock.systemUTC(),
                () -> target);
        receiver.start();
        Thread thread = new Thread(receiver::run, "wal-receiver-test");
        thread.start();
        try {
            // When: the server writes WAL and closes that segment
            server.execute("postgres", "CREATE TABLE readings AS SELECT g AS id FROM generate_series(1, 1000) g");
            server.execute("postgres", "SELECT pg_switch_wal()");

            // Then: the archive holds the whole segment, streamed again from the server
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(spool.resolve(segment)));
            assertThat(Files.size(spool.resolve(segment))).isEqualTo(WalSegments.SEGMENT_SIZE);
            assertThat(receiver.streaming()).isTrue();
        } finally {
            receiver.stop();
            thread.join(10_000);
            server.close();
        }
    }

    @Test
    void aReceiverLeftRunningByAKilledArchiverIsStoppedAndTheArchiveGoesOn() throws Exception {
        // Given: a pg_receivewal still streaming into the spool through the slot, as one outlives a backup-service
        // killed with SIGKILL (its JVM gone, the child orphaned)
        Path home = Files.createDirectories(Path.of("target", "wal-receiver-" + System.nanoTime()).toAbsolutePath());
        PostgresServer server = PostgresServer.primary("wal-orphan", home.resolve("pg"), Ports.free(), false).start();
        PgTarget target = PgTarget.fromJdbcUrl("energy_forecast", server.jdbcUrl("postgres"), PostgresServer.USER, "");
        Path spool = Files.createDirectories(home.resolve("spool"));
        server.execute("postgres", "SELECT pg_create_physical_replication_slot('orphan_slot', true)");
        Process orphan = tools().startLongRunning("pg_receivewal", List.of("-h", target.host(), "-p",
                String.valueOf(target.port()), "-U", target.user(), "-D", spool.toString(), "--slot=orphan_slot",
                "--synchronous", "--no-loop", "--no-password"), target.clientEnv()).process();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.queryLong("postgres",
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'orphan_slot' AND active") == 1);
        WalReceiver receiver = new WalReceiver(tools(), spool, "orphan_slot", Clock.systemUTC(), () -> target);

        // When: the archiver starts again
        receiver.start();
        Thread thread = new Thread(receiver::run, "wal-receiver-test");
        thread.start();
        try {
            // Then: the left-behind receiver is stopped, and the new one streams and archives what is written now
            await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
            String segment;
            try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_walfile_name(pg_current_wal_lsn())")) {
                rs.next();
                segment = rs.getString(1);
            }
            server.execute("postgres", "CREATE TABLE readings AS SELECT g AS id FROM generate_series(1, 1000) g");
            server.execute("postgres", "SELECT pg_switch_wal()");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(spool.resolve(segment)));
            assertThat(receiver.streaming()).as(String.valueOf(receiver.lastError())).isTrue();
            assertThat(WalReceiver.leftBehind(spool, "orphan_slot", null)).hasSize(1);
            assertThat(WalReceiver.leftBehind(spool.resolve("..").resolve("spool"), "orphan_slot", null)).hasSize(1);
            assertThat(WalReceiver.leftBehind(spool, "another_slot", null)).isEmpty();
        } finally {
            orphan.destroyForcibly();
            receiver.stop();
            thread.join(10_000);
            server.close();
        }
    }

    /** The client programs: the newest installed, the default time limit. */
    private static PgTools tools() {
        return PgTools.locate(Optional.empty(), "pg_dump", Duration.ofHours(6), PgTools.ProgramFailed::new);
    }
}
