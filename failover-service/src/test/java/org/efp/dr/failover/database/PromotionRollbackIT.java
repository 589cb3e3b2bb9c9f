package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failover that fails after its promotion was attempted (pg_promote timed out, the socket dropped) never lifts the
 * old primary's fencing: the candidate may be writable, and two writable primaries are worse than none. Runs against a
 * real PostgreSQL server of its own, fenced online the way a failover fences an old primary; a switchover that
 * fails after making it read-only hands it back.
 */
class PromotionRollbackIT {

    private static PostgresServer oldPrimary;
    private static DatabaseFailoverProcedure procedure;
    private static Fencer fencer;

    @BeforeAll
    static void startOldPrimary() {
        Path home = Path.of("target", "promotion-rollback-" + ProcessHandle.current().pid()).toAbsolutePath();
        oldPrimary = PostgresServer.primary("rollback-primary", home, Ports.free(), false).start();
        DatabaseConfig config = new TestDatabaseConfig();
        PgNodes nodes = new PgNodes("postgres", Optional.empty(), config);
        fencer = new Fencer(nodes, config, new DataDirCommands(config, nodes));
        procedure = new DatabaseFailoverProcedure(null, nodes, fencer, null, config, SeedConfig.load(null, Map.of()),
                null);
    }

    @AfterAll
    static void stop() {
        if (oldPrimary != null) {
            oldPrimary.close();
        }
    }

    private static RecoveryJob failover() {
        return new RecoveryJob("rec-rollback", "inc-rollback", "database", RecoveryAction.DATABASE_FAILOVER,
                "energy_forecast", false, Map.of(), RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null,
                null);
    }

    private static Map<String, String> fencedState() {
        String url = oldPrimary.jdbcUrl("postgres");
        fencer.fenceOnline(url);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> oldPrimary.execute(
                "postgres", "CREATE TABLE fenced_check (x int)")).hasMessageContaining("read-only"));
        Map<String, String> state = new HashMap<>();
        state.put("oldPrimary", url);
        state.put("candidate", "jdbc:postgresql://127.0.0.1:1/energy_forecast");
        state.put("fencedOnline", "true");
        return state;
    }

    @Test
    void aPromotionWhoseOutcomeIsUnknownLeavesTheOldPrimaryFenced() {
        // Given
        Map<String, String> state = fencedState();
        state.put("promotionAttempted", "true");

        // When
        List<String> undone = procedure.rollback(failover(), DatabaseFailoverProcedure.STEPS.indexOf("promote"),
                state, "promote failed: promotion outcome unknown");

        // Then
        assertThat(undone).isEmpty();
        assertThatThrownBy(() -> oldPrimary.execute("postgres", "CREATE TABLE after_unknown_promotion (x int)"))
                .hasMessageContaining("read-only");
    }

    @Test
    void aFailoverThatStoppedBeforeAnyPromotionGivesTheOldPrimaryItsWritesBack() {
        // Given
        Map<String, String> state = fencedState();

        // When
        List<String> undone = procedure.rollback(failover(), DatabaseFailoverProcedure.STEPS.indexOf("promote"),
                state, "promote failed: candidate unreachable");

        // Then
        assertThat(undone).singleElement().asString().contains("accepts writes again");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> oldPrimary.execute("postgres",
                "CREATE TABLE IF NOT EXISTS after_no_promotion (x int)"));
        assertThat(oldPrimary.queryLong("postgres", "SELECT count(*) FROM after_no_promotion")).isZero();
    }

    @Test
    void anOldPrimaryMadeReadOnlyBeforeTheSwitchoverFailedAcceptsWritesAgain() {
        // Given: a switchover whose candidate does not answer, so the fenced old primary waits for it in vain
        RecoveryJob switchover = new RecoveryJob("rec-switchover", "inc-switchover", "database",
                RecoveryAction.DATABASE_SWITCHOVER, "energy_forecast", false, Map.of(), RecoveryJob.PENDING, 0,
                Map.of(), "test", Instant.now(), null, null);
        Map<String, String> state = new HashMap<>();
        state.put("oldPrimary", oldPrimary.jdbcUrl("postgres"));
        state.put("candidate", "jdbc:postgresql://127.0.0.1:1/energy_forecast");
        int fence = DatabaseFailoverProcedure.STEPS.indexOf("fence-old-primary");
        Throwable failed = catchThrowable(() -> procedure.run(switchover, fence, state));

        // When
        List<String> undone = procedure.rollback(switchover, fence, state, "fence-old-primary failed");

        // Then
        assertThat(failed).hasMessageContaining("127.0.0.1:1");
        assertThat(state).containsEntry("fencedOnline", "true");
        assertThat(undone).singleElement().asString().contains("accepts writes again");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> oldPrimary.execute("postgres",
                "CREATE TABLE IF NOT EXISTS after_failed_switchover (x int)"));
        assertThat(oldPrimary.queryLong("postgres", "SELECT count(*) FROM after_failed_switchover")).isZero();
    }
}
