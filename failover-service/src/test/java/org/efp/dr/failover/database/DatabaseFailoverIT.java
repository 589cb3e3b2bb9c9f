package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;


import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Fails over the shared primary/standby pair for real; runs after every other class that needs the pair. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
@Order(Integer.MAX_VALUE - 10)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFailoverIT {

    static final String DB = Infrastructure.ENERGY_FORECAST;

    private static PostgresServer rebuilt;
    private static PostgresServer switchedTo;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    DataSource state;

    @Test
    @Order(1)
    void killingThePrimaryPromotesTheStandbyWhichTakesWritesAndAppsAreRepointed() {
        // Given
        PostgresServer primary = TestInfrastructure.shared().primary();
        PostgresServer standby = TestInfrastructure.shared().standby();
        primary.execute(DB, "CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> standby.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 1") == 1);

        Instant killedAt = Instant.now();

        // When
        primary.stop("immediate");

        // Then
        OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("database") && o.source().equals("health-probe")
                        && !o.detectedAt().isBefore(killedAt), Duration.ofSeconds(30));
        assertThat(outage.outageStartedAt()).isBefore(outage.detectedAt());
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.incidentId().equals(outage.incidentId()), Duration.ofSeconds(60));
        assertThat(done.action()).isEqualTo(RecoveryAction.DATABASE_FAILOVER);
        assertThat(done.status()).as(done.error() == null ? "" : done.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.restoredFrom()).isEqualTo(standby.jdbcUrl(DB));
        standby.execute(DB, "INSERT INTO orders VALUES (2)");
        assertThat(standby.queryLong(DB, "SELECT count(*) FROM orders")).isEqualTo(2);
        Secret secret = kubernetes.secrets().inNamespace(kubernetes.getNamespace()).withName("energy-forecast-db").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("jdbc-url")), StandardCharsets.UTF_8))
                .isEqualTo(standby.jdbcUrl(DB));
        DatabaseTopologyChanged topology = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                t -> t.reason().startsWith("failover:") && t.incidentId() != null
                        && t.incidentId().equals(outage.incidentId()), Duration.ofSeconds(10));
        assertThat(topology.cluster()).isEqualTo(DB);
        assertThat(topology.primary().address()).isEqualTo("127.0.0.1:" + standby.port());
        assertThat(topology.timeline()).isEqualTo(timeline(standby));
        assertThat(topology.timeline()).isGreaterThan(1L);
        assertThat(topology.fenced()).filteredOn(n -> n.address().equals("127.0.0.1:" + primary.port()))
                .extracting(DatabaseTopologyChanged.Node::fence).as("fenced on disk here").containsExactly("HARD");
        assertThat(topology.streamingStandbys()).as("no standby is left after one failover").isZero();
        Callers.viewer().when().get("/api/v1/database/topology")
                .then().statusCode(200).body("primary", equalTo("127.0.0.1:" + standby.port()))
                .body("timeline", equalTo(topology.timeline().intValue()))
                .body("members.find { it.member == '127.0.0.1:" + primary.port() + "' }.role", equalTo("FENCED"))
                .body("members.find { it.member == '127.0.0.1:" + primary.port() + "' }.fence", equalTo("HARD"));
    }

    @Test
    @Order(2)
    void theKilledOldPrimaryComesBackUnableToTakeWrites() {
        // Given
        PostgresServer oldPrimary = TestInfrastructure.shared().primary();

        // When
        oldPrimary.start();

        // Then: read-only at once, and rejoined as a streaming standby of the new primary by itself
        assertThatThrownBy(() -> oldPrimary.execute(DB, "INSERT INTO orders VALUES (3)"))
                .hasMessageContaining("read-only");
        assertThat(oldPrimary.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 3")).isZero();
        String member = "127.0.0.1:" + oldPrimary.port();
        DatabaseTopologyChanged topology = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                t -> t.standbys().stream().anyMatch(n -> n.address().equals(member)
                        && Boolean.TRUE.equals(n.streaming())), Duration.ofSeconds(90));
        assertThat(topology.primary().port()).isEqualTo(TestInfrastructure.shared().standby().port());
        assertThat(topology.fenced()).extracting(DatabaseTopologyChanged.Node::address).doesNotContain(member);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> oldPrimary.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 2") == 1);
        Callers.viewer().when().get("/api/v1/database/topology")
                .then().statusCode(200)
                .body("members.find { it.member == '" + member + "' }.role", equalTo("STANDBY"))
                .body("members.find { it.member == '" + member + "' }.state", equalTo("streaming"))
                .body("streamingStandbys", equalTo(1));
    }

    @Test
    @Order(3)
    void theKilledOldPrimaryIsRewoundAndRejoinsAsAStandbyOfTheNewPrimary() {
        // Given: the fenced old primary diverged anyway (promoted on its own and took a write nobody else has, the
        // split brain fencing is there to stop); the promoted standby took writes too
        PostgresServer oldPrimary = TestInfrastructure.shared().primary();
        PostgresServer newPrimary = TestInfrastructure.shared().standby();
        int port = oldPrimary.port();
        oldPrimary.execute("postgres", "SELECT pg_promote(true, 30)");
        oldPrimary.execute(DB, "SET default_transaction_read_only = off; INSERT INTO orders VALUES (99)");

        // When
        String recoveryId = Callers.operator()
                .contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + oldPrimary.jdbcUrl(DB) + "\"}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(120));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(oldPrimary.queryLong("postgres", "SELECT pg_is_in_recovery()::int")).isEqualTo(1);
        assertThat(oldPrimary.queryLong("postgres", "SELECT current_setting('port')::int")).isEqualTo(port);
        assertThat(oldPrimary.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 2"))
                .as("has the write the new primary took after the failover").isEqualTo(1);
        assertThat(oldPrimary.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 99"))
                .as("its own divergent write is rewound away").isZero();
        newPrimary.execute(DB, "INSERT INTO orders VALUES (3)");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> oldPrimary.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 3") == 1);
        assertThatThrownBy(() -> oldPrimary.execute(DB, "INSERT INTO orders VALUES (30)"))
                .hasMessageContaining("read-only");
    }

    @Test
    @Order(4)
    void aStandbyWhoseDataDirectoryWasLostIsClonedAgainByARejoin() throws Exception {
        // Given: the standby's machine comes back with an empty disk (its data directory gone, its place still there)
        PostgresServer lost = TestInfrastructure.shared().primary();
        PostgresServer primary = TestInfrastructure.shared().standby();
        int port = lost.port();
        primary.execute(DB, "INSERT INTO orders VALUES (40)");
        lost.stop("immediate");
        try (Stream<Path> files = Files.walk(lost.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertThat(lost.dataDir()).doesNotExist();

        // When
        String recoveryId = Callers.operator()
                .contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + lost.jdbcUrl(DB) + "\"}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");

        // Then: a fresh copy of the primary, on its own port, streaming again
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(120));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(lost.queryLong("postgres", "SELECT pg_is_in_recovery()::int")).isEqualTo(1);
        assertThat(lost.queryLong("postgres", "SELECT current_setting('port')::int")).isEqualTo(port);
        assertThat(lost.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 40")).isEqualTo(1);
        primary.execute(DB, "INSERT INTO orders VALUES (41)");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> lost.queryLong(DB, "SELECT count(*) FROM orders WHERE id = 41") == 1);
        // (the topology is observed every few seconds)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/database/topology").then().statusCode(200)
                .body("members.find { it.member == '127.0.0.1:" + port + "' }.role", equalTo("STANDBY"))
                .body("members.find { it.member == '127.0.0.1:" + port + "' }.state", equalTo("streaming")));
    }

    @Test
    @Order(5)
    void aFailoverWhoseWorkerDiedAfterPromotingResumesWithoutASecondPromotion() throws Exception {
        // Given
        PostgresServer primary = TestInfrastructure.shared().standby();
        Path home = TestInfrastructure.shared().layout().root().resolve("energy-standby-2");
        rebuilt = PostgresServer.standbyOf(primary, "energy-standby-2", home, Ports.free()).start();
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"url\":\"" + rebuilt.jdbcUrl(DB) + "\",\"role\":\"STANDBY\"}")
                .when().post("/api/v1/database/nodes").then().statusCode(204);
        primary.execute("postgres", "ALTER SYSTEM SET default_transaction_read_only = on; SELECT pg_reload_conf()");
        rebuilt.execute("postgres", "SELECT pg_promote(true, 30)");
        long timeline = timeline(rebuilt);
        String recoveryId = "rec-crashed-" + UUID.randomUUID();

        // When
        try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO recovery_job (recovery_id, incident_id, component, action, target, status, next_step, "
                        + "state, requested_by, started_at, owner, heartbeat_at) VALUES (?, 'inc-crashed', 'database', "
                        + "'DATABASE_FAILOVER', 'energy_forecast', 'RUNNING', 2, ?, 'test', now(), 'worker-dead', "
                        + "now() - interval '1 hour')")) {
            ps.setString(1, recoveryId);
            ps.setString(2, "{\"candidate\":\"" + rebuilt.jdbcUrl(DB) + "\",\"oldPrimary\":\""
                    + primary.jdbcUrl(DB) + "\",\"lagMs\":\"0\",\"recoveredTo\":\"\"}");
            ps.executeUpdate();
        }

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(60));
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        RecoveryStepCompleted promote = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(recoveryId) && s.step().equals("promote"), Duration.ofSeconds(5));
        assertThat(promote.detail()).startsWith("already promoted");
        assertThat(timeline(rebuilt)).isEqualTo(timeline);
        assertThatThrownBy(() -> primary.execute(DB, "INSERT INTO orders VALUES (4)")).hasMessageContaining("read-only");
        rebuilt.execute(DB, "INSERT INTO orders VALUES (4)");
        Secret secret = kubernetes.secrets().inNamespace(kubernetes.getNamespace()).withName("energy-forecast-db").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("jdbc-url")), StandardCharsets.UTF_8))
                .isEqualTo(rebuilt.jdbcUrl(DB));
        String member = "127.0.0.1:" + primary.port();
        TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class, t -> t.primary() != null
                && t.primary().port() == rebuilt.port() && t.standbys().stream().anyMatch(n -> n.address()
                        .equals(member) && Boolean.TRUE.equals(n.streaming())),
                // The rejoin waits for its delay, rewinds and restarts the node: on a loaded 2-core machine that
                // has taken close to 90 s.
                Duration.ofSeconds(180));
    }

    @Test
    @Order(6)
    void plannedSwitchoverLosesNoCommittedRowAndStopsTheOldPrimaryFencedOverSql() {
        // Given
        PostgresServer primary = rebuilt;
        Path home = TestInfrastructure.shared().layout().root().resolve("energy-standby-3");
        switchedTo = PostgresServer.standbyOf(primary, "energy-standby-3", home, Ports.free()).start();
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"url\":\"" + switchedTo.jdbcUrl(DB) + "\",\"role\":\"STANDBY\"}")
                .when().post("/api/v1/database/nodes").then().statusCode(204);
        primary.execute(DB, "INSERT INTO orders SELECT g FROM generate_series(100, 199) g");

        // When
        String recoveryId = Callers.operator()
                .contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_SWITCHOVER\",\"target\":\"" + switchedTo.jdbcUrl(DB) + "\"}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(60));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(switchedTo.queryLong(DB, "SELECT count(*) FROM orders WHERE id BETWEEN 100 AND 199"))
                .isEqualTo(100);
        switchedTo.execute(DB, "INSERT INTO orders VALUES (500)");
        // Its data directory is not mapped here: fenced hard over SQL, stopped with its standby.signal.
        RecoveryStepCompleted fenced = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(recoveryId) && s.step().equals("fence-old-primary"),
                Duration.ofSeconds(5));
        assertThat(fenced.detail()).contains("fence HARD: stopped");
        assertThat(primary.running()).isFalse();
        assertThatThrownBy(() -> primary.execute(DB, "INSERT INTO orders VALUES (501)"))
                .hasMessageContaining("refused");
    }

    private static long timeline(PostgresServer server) {
        return server.queryLong("postgres",
                "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int");
    }

    @AfterAll
    static void stopRebuiltStandby() {
        if (switchedTo != null) {
            switchedTo.close();
        }
        if (rebuilt != null) {
            rebuilt.close();
        }
    }
}
