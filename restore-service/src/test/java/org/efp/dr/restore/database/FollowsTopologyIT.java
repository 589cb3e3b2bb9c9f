package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.common.topology.TopologyFollower;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** After a failover, RESTORE_DATABASE restores into the new primary, not into the server that was configured. */
@QuarkusTest
@TestProfile(FollowsTopologyIT.OwnCluster.class)
@WithTestResource(DrTestResources.class)
class FollowsTopologyIT {

    static final String CLUSTER = "energy_forecast_followed";

    /** A Quarkus of its own, hence a cluster of its own whose standby this test promotes. */
    public static class OwnCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Its own cluster key as well: the test kit's broker is one per JVM, so this cluster's compacted
            // topology must not steer the other test clusters' restores.
            return Map.of("dr.restore.poll-interval", "250ms", "dr.energy-forecast.cluster", CLUSTER);
        }
    }

    private final Infrastructure infra = TestInfrastructure.shared();
    private final BackupFixture backups = BackupFixture.create();

    @Inject
    TopologyFollower topology;

    @Test
    void aDatabaseIsRestoredIntoThePrimaryTheTopologyNames() {
        // Given
        PostgresServer oldPrimary = infra.primary();
        PostgresServer newPrimary = infra.standby();
        String source = SourceDatabase.uniqueName("ef_follow");
        SourceDatabase.create(oldPrimary, source, 1_000);
        Map<String, String> original = SourceDatabase.fingerprint(oldPrimary, source);
        backups.fullBackup(source, "energy_forecast");
        newPrimary.execute("postgres", "SELECT pg_promote(true, 60)");
        publish(new DatabaseTopologyChanged(CLUSTER, 1,
                new DatabaseTopologyChanged.Node("127.0.0.1", newPrimary.port(), 0L, 0.0, null), List.of(),
                List.of(new DatabaseTopologyChanged.Node("127.0.0.1", oldPrimary.port(), null, null, false)), 2L,
                "failover: primary unreachable", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> topology.current(CLUSTER).isPresent());
        String restored = SourceDatabase.uniqueName("ef_moved");
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, null, Map.of("targetDatabase", restored));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(90));
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(SourceDatabase.fingerprint(newPrimary, restored)).isEqualTo(original);
        assertThat(oldPrimary.queryLong("postgres",
                "SELECT count(*) FROM pg_database WHERE datname = '" + restored + "'")).isZero();
    }

    private static void publish(DatabaseTopologyChanged change) {
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            kafka.send(Topics.TOPOLOGY, change.cluster(),
                    EventCodec.encode(EventCodec.wrap(change, "failover-service", Clock.systemUTC())));
        }
    }
}
