package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The primary lost with no standby: restore-service built a new primary from BASE + WAL on another node and says where
 * it serves; failover-service makes it the primary everyone follows. Runs after the failover tests (it moves the
 * primary to a node of its own).
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
@Order(Integer.MAX_VALUE - 5)
class RebuiltPrimaryIT {

    private static final String DB = Infrastructure.ENERGY_FORECAST;
    private static PostgresServer rebuilt;

    @Inject
    Topology topology;

    @Inject
    KubernetesClient kubernetes;

    @AfterAll
    static void stopRebuilt() {
        if (rebuilt != null) {
            rebuilt.close();
        }
    }

    private static void completed(String location, RecoveryStatus status) {
        String incidentId = "inc-rebuild-" + UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.send(Topics.RECOVERIES, incidentId, EventCodec.encode(EventCodec.wrap(new RecoveryCompleted(
                incidentId, "rec-rebuild-" + UUID.randomUUID(), "database", RecoveryAction.DATABASE_REBUILD, status,
                now.minusSeconds(40), now, "base-20261201T0100", now.minusSeconds(12), 12L,
                status == RecoveryStatus.SUCCEEDED ? null : "no BASE backup", List.of(), location),
                "restore-service", Clock.systemUTC())));
    }

    /**
     * Whether the cluster's primary takes writes. The classes before this one stop the primary they made: the
     * platform fails over to a standby by itself, and a rebuild published meanwhile would race with that promotion.
     */
    private boolean primaryTakesWrites() {
        Optional<String> primary = topology.primary();
        if (primary.isEmpty()) {
            return false;
        }
        try (Connection c = DriverManager.getConnection(primary.get(), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT NOT pg_is_in_recovery()")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void aRebuiltPrimaryBecomesThePrimaryTheLostOneIsFencedAndAppsArePointedAtIt() {
        // Given: a cluster whose primary takes writes (nothing is failing over), and a new primary built on a node of
        // its own
        await().atMost(Duration.ofSeconds(120)).until(this::primaryTakesWrites);
        Path home = TestInfrastructure.shared().layout().root().resolve("energy-rebuilt");
        rebuilt = PostgresServer.primary("energy-rebuilt", home, Ports.free(), false).start();
        rebuilt.createDatabaseIfMissing(DB);
        String lost = topology.primary().orElseThrow();
        String location = "127.0.0.1:" + rebuilt.port();

        // When: a failed rebuild, then the one that succeeded
        completed(location, RecoveryStatus.FAILED);
        completed(location, RecoveryStatus.SUCCEEDED);

        // Then
        DatabaseTopologyChanged changed = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                t -> t.primary() != null && t.primary().address().equals(location), Duration.ofSeconds(30));
        assertThat(changed.fenced()).anyMatch(n -> n.address().equals(PgNodes.hostPort(lost)));
        assertThat(changed.reason()).contains("rebuild").contains("data lost 12 s");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Secret secret = kubernetes.secrets().inNamespace(kubernetes.getNamespace()).withName("energy-forecast-db")
                    .get();
            assertThat(new String(Base64.getDecoder().decode(secret.getData().get("jdbc-url")),
                    StandardCharsets.UTF_8)).isEqualTo(rebuilt.jdbcUrl(DB));
        });
        assertThat(topology.primary()).contains(rebuilt.jdbcUrl(DB));
    }
}
