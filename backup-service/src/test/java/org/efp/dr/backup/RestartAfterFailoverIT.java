package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.backup.BackupTestSupport.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.efp.dr.backup.wal.WalSegments;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.Topics;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * backup-service (re)started after a failover it did not see: its configuration still names the old primary, which
 * is even still up (not fenced yet), but the topology on dr.topology names the promoted standby. The archive must
 * stream from the new primary only.
 */
@QuarkusTest
@TestProfile(RestartAfterFailoverIT.StartedAfterFailover.class)
@WithTestResource(RestartAfterFailoverIT.FailedOverCluster.class)
class RestartAfterFailoverIT {

    private static final String WAL = "wal/energy_forecast/";
    private static final String CLUSTER = "energy_forecast_restarted";

    /** A Quarkus (and cluster) of its own; the archive waits for the topology after the start. */
    public static class StartedAfterFailover implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Its own cluster key too: the test kit's broker is one per JVM, and the compacted topology of this
            // cluster must not reach the other test clusters' services.
            return Map.of("dr.backup.wal.topology-wait", "30s", "dr.backup.wal.spool-dir",
                    "target/wal-spool-restart", "dr.energy-forecast.cluster", CLUSTER);
        }
    }

    /** The test kit's cluster after a failover: the standby promoted and the topology published, before the start. */
    public static class FailedOverCluster extends DrTestResources {
        @Override
        public Map<String, String> start() {
            Infrastructure infra = TestInfrastructure.shared();
            infra.standby().execute("postgres", "SELECT pg_promote(true, 60)");
            DatabaseTopologyChanged topology = new DatabaseTopologyChanged(CLUSTER, 3,
                    new DatabaseTopologyChanged.Node("127.0.0.1", infra.standby().port(), 0L, 0.0, null), List.of(),
                    List.of(), 2L, "failover: primary unreachable", null, Instant.now());
            try (KafkaTestClient kafka = new KafkaTestClient(infra.kafka().bootstrapServers())) {
                kafka.send(Topics.TOPOLOGY, CLUSTER,
                        EventCodec.encode(EventCodec.wrap(topology, "failover-service", Clock.systemUTC())));
            }
            return super.start();
        }

        @Override
        public void stop() {
            // The infrastructure lives as long as the JVM.
        }
    }

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    void theArchiveStreamsFromThePrimaryTheTopologyNamesNotFromTheConfiguredOne() {
        // Given
        PostgresServer promoted = infra.standby();
        promoted.execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE restart_probe AS SELECT 1 AS v");

        // When
        long lsn = promoted.queryLong(Infrastructure.ENERGY_FORECAST, "SELECT pg_switch_wal() - '0/0'::pg_lsn");
        String segment = WalSegments.name(2, (lsn - 1) / WalSegments.SEGMENT_SIZE);

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(archived())
                .contains("00000002.history", segment));
        assertThat(archived()).noneMatch(name -> name.startsWith("00000001"));
        JsonPath wal = Callers.viewer().get("/wal").then().statusCode(200).extract().jsonPath();
        assertThat(wal.getBoolean("streaming")).isTrue();
        assertThat(wal.getString("primary")).isEqualTo("127.0.0.1:" + promoted.port());
        assertThat(wal.getLong("topologyGeneration")).isEqualTo(3);
        assertThat(infra.primary().running()).as("the configured primary is still up").isTrue();
    }

    private static Set<String> archived() {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(BackupTestSupport.BUCKET).prefix(WAL)).contents().stream()
                    .map(o -> o.key().substring(WAL.length()))
                    .filter(k -> k.endsWith(".zst")).map(k -> k.substring(0, k.length() - 4))
                    .collect(Collectors.toSet());
        }
    }
}
