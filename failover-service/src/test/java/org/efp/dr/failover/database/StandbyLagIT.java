package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standby's lag in time is what promoting it would lose. WAL it has received but not yet replayed is replayed
 * before a promotion completes, so a standby holding all of the primary's WAL is not behind, however old the last
 * commit it replayed is (an idle primary's last commit may be hours old while a backup writes checkpoint records).
 */
class StandbyLagIT {

    private static final String DB = "postgres";
    private static PostgresServer primary;
    private static PostgresServer standby;
    private static Path root;

    @BeforeAll
    static void pair() {
        root = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-standby-lag-" + ProcessHandle.current().pid());
        primary = PostgresServer.primary("lag-primary", root.resolve("primary"), Ports.free(), false).start();
        primary.execute(DB, "CREATE TABLE readings (id int)");
        standby = PostgresServer.standbyOf(primary, "lag-standby", root.resolve("standby"), Ports.free()).start();
    }

    @AfterAll
    static void stop() {
        for (PostgresServer s : new PostgresServer[] { standby, primary }) {
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

    private static PgNodes nodes() {
        DatabaseConfig config = (DatabaseConfig) Proxy.newProxyInstance(DatabaseConfig.class.getClassLoader(),
                new Class<?>[] { DatabaseConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "connectTimeout" -> Duration.ofSeconds(2);
                    case "commandTimeout", "promoteTimeout" -> Duration.ofMinutes(1);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new PgNodes("postgres", Optional.empty(), config);
    }

    @Test
    void receivedButUnreplayedWalIsNotLagInTimeButStillCountsInBytes() {
        withWalWaitingForReplay(() -> {
            StandbyStatus status = nodes().standbyStatus(standby.jdbcUrl(DB), primary.jdbcUrl(DB), Instant.now());

            assertThat(status.lagBytes()).as("WAL waiting for replay").isPositive();
            assertThat(status.lag()).as(status.describe()).isEqualTo(Duration.ZERO);
            assertThat(status.withinRpo(Duration.ofMinutes(1), Long.MAX_VALUE)).isTrue();
        });
    }

    @Test
    void withThePrimaryGoneReceivedWalIsStillNotLagInTime() {
        withWalWaitingForReplay(() -> {
            // the primary does not answer: nothing to compare against, the standby has all it will get
            String gone = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + DB;

            StandbyStatus status = nodes().standbyStatus(standby.jdbcUrl(DB), gone, Instant.now());

            assertThat(status.lagBytes()).as("WAL waiting for replay").isPositive();
            assertThat(status.lag()).as(status.describe()).isEqualTo(Duration.ZERO);
            assertThat(status.withinRpo(Duration.ofMinutes(1), Long.MAX_VALUE)).isTrue();
        });
    }

    /** Runs {@code check} while the standby has received WAL of 1,000 rows it has not replayed. */
    private void withWalWaitingForReplay(Runnable check) {
        primary.execute(DB, "INSERT INTO readings VALUES (0)");
        long replayed = primary.queryLong(DB, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.queryLong(DB,
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint") >= replayed);
        standby.execute(DB, "SELECT pg_wal_replay_pause()");
        try {
            primary.execute(DB, "INSERT INTO readings SELECT g FROM generate_series(1, 1000) g");
            long written = primary.queryLong(DB, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
            await().atMost(Duration.ofSeconds(30)).until(() -> standby.queryLong(DB,
                    "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0')::bigint") >= written);
            check.run();
        } finally {
            standby.execute(DB, "SELECT pg_wal_replay_resume()");
        }
    }
}
