package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * An old primary fenced remotely (its data directory not on this host, so it cannot be rewound from here). Seen
 * writable again, it is stopped on sight. Started again on its host after a hard fence, it comes back as the standby
 * its fence made it and streams from the primary; the observer then lifts its read-only default and registers it as a
 * standby by itself.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class RemoteFencedRejoinIT {

    private static final String DB = Infrastructure.ENERGY_FORECAST;

    @Inject
    DataSource state;

    @Test
    void aRemotelyFencedNodeThatStreamsFromThePrimaryAgainIsRegisteredAsAStandby() throws Exception {
        // Given: a fenced node with no data directory here, restarted as a read-only standby of the primary
        PostgresServer primary = TestInfrastructure.shared().primary();
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-remote-rejoin-"
                + ProcessHandle.current().pid());
        PostgresServer fenced = PostgresServer.standbyOf(primary, "remote-rejoin", home, Ports.free());
        String url = fenced.jdbcUrl(DB);
        String member = "127.0.0.1:" + fenced.port();
        try {
            fenced.start();
            fenced.execute("postgres", "ALTER SYSTEM SET default_transaction_read_only = on");
            fenced.execute("postgres", "SELECT pg_reload_conf()");
            try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO db_node (url, role, fence) VALUES (?, 'FENCED', 'HARD')")) {
                ps.setString(1, url);
                ps.executeUpdate();
            }

            // When: the observer looks at the nodes (every second here)

            // Then
            DatabaseTopologyChanged rejoined = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                    t -> t.standbys().stream().anyMatch(n -> n.address().equals(member))
                            && t.reason().startsWith("rejoined: " + member), Duration.ofSeconds(30));
            assertThat(rejoined.fenced()).extracting(DatabaseTopologyChanged.Node::address).doesNotContain(member);
            assertThat(rejoined.primary().port()).isEqualTo(primary.port());
            assertThat(fenced.queryLong("postgres", "SELECT CASE WHEN current_setting('default_transaction_read_only')"
                    + " = 'off' THEN 1 ELSE 0 END")).isOne();
            Callers.viewer().when().get("/api/v1/database/topology")
                    .then().statusCode(200)
                    .body("members.find { it.member == '" + member + "' }.role", equalTo("STANDBY"));
        } finally {
            fenced.close();
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            try (Connection c = state.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM db_node WHERE url = ?")) {
                ps.setString(1, url);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aFencedNodeWhoseDataDirectoryIsElsewhereSeenWritableAgainIsStoppedOnSight() throws Exception {
        // Given: a fenced node (fenced SOFT only) that answers as a writable primary again, no data directory here
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-on-sight-" + ProcessHandle.current().pid());
        PostgresServer writable = PostgresServer.primary("on-sight", home, Ports.free(), false);
        String url = writable.jdbcUrl("postgres");
        String member = "127.0.0.1:" + writable.port();
        try {
            writable.start();

            // When: it is recorded as fenced, as a failover whose hard fence failed leaves it
            try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO db_node (url, role, fence) VALUES (?, 'FENCED', 'SOFT')")) {
                ps.setString(1, url);
                ps.executeUpdate();
            }

            // Then: the probes stop it with its standby.signal, and the topology says it is fenced hard
            DatabaseTopologyChanged fenced = TestEvents.await(Topics.TOPOLOGY, DatabaseTopologyChanged.class,
                    t -> t.reason().startsWith("fenced on sight: " + member), Duration.ofSeconds(30));
            assertThat(fenced.fenced()).filteredOn(n -> n.address().equals(member))
                    .extracting(DatabaseTopologyChanged.Node::fence).containsExactly("HARD");
            assertThat(writable.running()).isFalse();
            assertThat(writable.dataDir().resolve("standby.signal")).exists();
        } finally {
            writable.close();
            try (Connection c = state.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM db_node WHERE url = ?")) {
                ps.setString(1, url);
                ps.executeUpdate();
            }
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
