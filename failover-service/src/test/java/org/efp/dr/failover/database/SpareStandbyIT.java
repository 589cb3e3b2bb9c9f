package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Re-protection when the lost node does not come back: after {@code spare-after} without a streaming standby, a new
 * standby is built on the spare node from the primary. Runs before the failover test, which changes the roles.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
@Order(Integer.MAX_VALUE - 20)
class SpareStandbyIT {

    private static final String DB = Infrastructure.ENERGY_FORECAST;

    @ConfigProperty(name = "dr.failover.database.spare")
    String spare;

    @Inject
    DatabaseConfig config;

    @Inject
    DataSource state;

    @Test
    void whenNoStandbyStreamsForLongANewStandbyIsBuiltOnTheSpareNodeAndTheTeamIsTold() throws Exception {
        // Given
        PostgresServer primary = TestInfrastructure.shared().primary();
        PostgresServer standby = TestInfrastructure.shared().standby();
        primary.execute(DB, "CREATE TABLE IF NOT EXISTS spare_check (x int); INSERT INTO spare_check VALUES (7)");
        String member = PgNodes.hostPort(spare);
        Instant lost = Instant.now();

        // When: the only standby is gone and stays gone
        standby.stop("fast");
        try {
            // Then
            OutageDetected told = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.component().equals("database-redundancy") && !o.detectedAt().isBefore(lost),
                    Duration.ofSeconds(30));
            assertThat(told.impact()).contains("no streaming standby");
            assertThat(told.severity()).isEqualTo(Severity.MEDIUM);
            DatabaseTopologyChanged rebuilt = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                    t -> t.standbys().stream().anyMatch(n -> n.address().equals(member)
                            && Boolean.TRUE.equals(n.streaming())), Duration.ofSeconds(120));
            assertThat(rebuilt.primary().port()).isEqualTo(primary.port());
            try (Connection c = DriverManager.getConnection(spare, "postgres", "");
                    PreparedStatement ps = c.prepareStatement("SELECT pg_is_in_recovery(), "
                            + "(SELECT count(*) FROM spare_check WHERE x = 7)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("a standby").isTrue();
                assertThat(rs.getLong(2)).as("has the primary's rows").isPositive();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Callers.viewer().when()
                    .get("/api/v1/incidents/" + told.incidentId()).then()
                    .statusCode(200).body("incident.status", equalTo("RESOLVED"))
                    .body("recoveries.action", not(hasItem("DATABASE_FAILOVER"))));
        } finally {
            standby.start();
            Path data = Path.of(config.dataDirs().get(member));
            if (data.resolve("postmaster.pid").toFile().exists()) {
                OsCommand.postgres(data.getParent(), "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
            try (Connection c = state.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM db_node WHERE url = ?")) {
                ps.setString(1, spare);
                ps.executeUpdate();
            }
        }
    }
}
