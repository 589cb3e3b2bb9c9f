package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The hard fence of an old primary that answers over SQL but whose data directory is not on this host (no
 * {@code data-dirs} entry): the failover writes standby.signal there through the server itself and stops it before
 * promoting, so no client can commit on it whatever it sets for its session, and a restart brings it back as a
 * read-only standby following the new primary. Real PostgreSQL servers of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteFenceIT {

    private static final String DB = "postgres";
    private static PostgresServer old;
    private static PostgresServer standby;
    private static Path root;
    private static Fencer fencer;
    private static DatabaseFailoverProcedure procedure;

    @BeforeAll
    static void pair() {
        root = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-remote-fence-" + ProcessHandle.current().pid());
        old = PostgresServer.primary("remote-fence-old", root.resolve("old"), Ports.free(), false).start();
        old.execute(DB, "CREATE TABLE fenced_writes (id int)");
        standby = PostgresServer.standbyOf(old, "remote-fence-new", root.resolve("new"), Ports.free()).start();
        DatabaseConfig config = new TestDatabaseConfig();
        PgNodes nodes = new PgNodes("postgres", Optional.empty(), config);
        fencer = new Fencer(nodes, config, new DataDirCommands(config, nodes));
        procedure = new DatabaseFailoverProcedure(null, nodes, fencer, null, config, SeedConfig.load(null, Map.of()),
                null);
    }

    @AfterAll
    static void stop() {
        for (PostgresServer s : new PostgresServer[] { standby, old }) {
            if (s != null) {
                s.close();
            }
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the temp directory's own clean-up
        }
    }

    private static RecoveryJob failover() {
        return new RecoveryJob("rec-remote-fence", "inc-remote-fence", "database", RecoveryAction.DATABASE_FAILOVER,
                "energy_forecast", false, Map.of(), RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null,
                null);
    }

    private static void writeOverridingTheFence(PostgresServer server, int id) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(DB), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute("INSERT INTO fenced_writes VALUES (" + id + ")");
        }
    }

    @Test
    @Order(1)
    void aFailoverStopsARunningOldPrimaryWhoseDataDirectoryIsNotHereBeforePromoting() throws Exception {
        // Given: the old primary runs and answers, its standby streams from it, no data directory mapped
        old.execute(DB, "INSERT INTO fenced_writes VALUES (1)");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> standby.queryLong(DB, "SELECT count(*) FROM fenced_writes") == 1);
        Map<String, String> state = new HashMap<>(Map.of("oldPrimary", old.jdbcUrl(DB), "candidate",
                standby.jdbcUrl(DB)));

        // When: the failover's fence step, then its promotion
        StepOutcome fenced = procedure.run(failover(), DatabaseFailoverProcedure.STEPS.indexOf("fence-old-primary"),
                state);
        procedure.run(failover(), DatabaseFailoverProcedure.STEPS.indexOf("promote"), state);

        // Then: stopped with its fence on disk, so nobody commits there; the promoted standby takes the writes
        assertThat(state).containsEntry("fence", "HARD");
        assertThat(fenced.detail()).contains("fence HARD: stopped", "standby.signal in " + old.dataDir());
        assertThat(old.running()).isFalse();
        assertThat(old.dataDir().resolve("standby.signal")).exists();
        assertThatThrownBy(() -> writeOverridingTheFence(old, 2)).isInstanceOf(SQLException.class);
        standby.execute(DB, "INSERT INTO fenced_writes VALUES (3)");
        assertThat(standby.queryLong(DB, "SELECT count(*) FROM fenced_writes")).isEqualTo(2);
        assertThat(procedure.completion(failover(), state).nextSteps()).first().asString()
                .contains("is stopped with a standby.signal", "start it on its host");
    }

    @Test
    @Order(2)
    void theStoppedOldPrimaryStartedAgainIsAReadOnlyStandbyStreamingFromTheNewPrimary() {
        // When: someone starts it again on its host
        old.start();

        // Then
        assertThatThrownBy(() -> writeOverridingTheFence(old, 4)).hasMessageContaining("read-only");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(old.queryLong(DB, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming' "
                    + "AND sender_port = " + standby.port())).isOne();
            assertThat(old.queryLong(DB, "SELECT count(*) FROM fenced_writes WHERE id = 3")).isOne();
        });
        assertThat(old.queryLong(DB, "SELECT count(*) FROM fenced_writes WHERE id IN (2, 4)")).isZero();
    }

    @Test
    @Order(3)
    void aDataDirectoryThatFailsValidationIsRefusedAndTheOldPrimaryIsReportedSoftNotFenced() throws Exception {
        // Given: a primary whose data directory path holds a character no fence command may carry
        PostgresServer oddlyPlaced = PostgresServer.primary("remote-fence-odd", root.resolve("odd dir"), Ports.free(),
                false).start();
        try {
            oddlyPlaced.execute(DB, "CREATE TABLE fenced_writes (id int)");
            oddlyPlaced.createDatabase("failover_state");
            oddlyPlaced.execute("failover_state", "CREATE TABLE audit_log (id bigserial PRIMARY KEY, actor text NOT "
                    + "NULL, action text NOT NULL, target text, detail text, at timestamptz NOT NULL DEFAULT now())");
            // The audit log stands in for the service's own state database, which the fence does not cover.
            oddlyPlaced.execute("postgres", "ALTER DATABASE failover_state SET default_transaction_read_only = off");
            PGSimpleDataSource state = new PGSimpleDataSource();
            state.setUrl(oddlyPlaced.jdbcUrl("failover_state"));
            state.setUser("postgres");
            DatabaseConfig config = new TestDatabaseConfig();
            PgNodes nodes = new PgNodes("postgres", Optional.empty(), config);
            DatabaseFailoverProcedure audited = new DatabaseFailoverProcedure(null, nodes, fencer, null, config,
                    SeedConfig.load(null, Map.of()), new AuditLog(state));
            Map<String, String> job = new HashMap<>(Map.of("oldPrimary", oddlyPlaced.jdbcUrl(DB), "candidate",
                    standby.jdbcUrl(DB)));

            // When
            StepOutcome fenced = audited.run(failover(), DatabaseFailoverProcedure.STEPS.indexOf("fence-old-primary"),
                    job);

            // Then: refused with the reason, reported SOFT (never HARD), said in the audit log and the next steps
            assertThat(job).containsEntry("fence", "SOFT");
            assertThat(fenced.detail()).contains("fence SOFT: NOT fenced hard (refused: data_directory",
                    "odd dir", "fails validation");
            assertThat(oddlyPlaced.running()).isTrue();
            assertThat(oddlyPlaced.dataDir().resolve("standby.signal")).doesNotExist();
            assertThatThrownBy(() -> oddlyPlaced.execute(DB, "INSERT INTO fenced_writes VALUES (5)"))
                    .hasMessageContaining("read-only");
            writeOverridingTheFence(oddlyPlaced, 6);
            assertThat(oddlyPlaced.queryLong("failover_state",
                    "SELECT count(*) FROM audit_log WHERE action = 'fence-not-hard'")).isOne();
            assertThat(audited.completion(failover(), job).nextSteps()).first().asString()
                    .contains("NOT fenced hard", "stop it on its host");
        } finally {
            oddlyPlaced.close();
        }
    }
}
