package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.read;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.trigger;
import static org.efp.dr.backup.BackupTestSupport.unzstd;

import java.nio.charset.StandardCharsets;
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
import org.efp.dr.backup.wal.TimelineHistory;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A failover of the energy_forecast cluster as users lived it: the primary dies (immediate shutdown), the standby is
 * promoted onto timeline 2 and failover-service publishes the new topology. The tests run in order on one cluster
 * of their own (the profile gives this class its own infrastructure): the dead primary first, then the topology.
 */
@QuarkusTest
@TestProfile(WalFailoverIT.OwnCluster.class)
@WithTestResource(DrTestResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalFailoverIT {

    private static final String WAL = "wal/energy_forecast/";

    /** A Quarkus of its own, hence a cluster of its own that this test may kill. */
    static final String CLUSTER = "energy_forecast_failover";

    public static class OwnCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Its own cluster key: the test kit's broker is one per JVM, so this cluster's compacted topology must
            // not reach the other test clusters' services.
            return Map.of("dr.backup.wal.ship-interval", "300ms",
                    "dr.backup.wal.spool-dir", "target/wal-spool-failover", "dr.energy-forecast.cluster", CLUSTER);
        }
    }

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    @Order(1)
    void aDeadPrimaryIsReportedAsNotStreamingWithLagGrowingFromTheLastReceipt() {
        // Given
        assertThat(awaitFinished(trigger("energy_forecast", "BASE")).getString("backup.status"))
                .isEqualTo("COMPLETED");
        infra.primary().execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE IF NOT EXISTS failover_probe "
                + "(id bigserial PRIMARY KEY, v text); INSERT INTO failover_probe (v) VALUES ('before failover')");
        long lsn = infra.primary().queryLong(Infrastructure.ENERGY_FORECAST,
                "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(WalSegments.lsn(
                Callers.viewer().get("/wal").then().statusCode(200).extract().path("shippedLsn")))
                .isGreaterThanOrEqualTo(lsn));
        await().atMost(Duration.ofSeconds(30)).until(() -> infra.standby().queryLong("postgres",
                "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint") >= lsn);

        // When
        infra.primary().stop("immediate");
        infra.standby().execute("postgres", "SELECT pg_promote(true, 60)");

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath wal = Callers.viewer().get("/wal").then().statusCode(200).extract().jsonPath();
            assertThat(wal.getBoolean("streaming")).isFalse();
            assertThat(wal.getString("lastError")).isNotBlank();
            assertThat(wal.getDouble("lagSeconds")).isGreaterThan(2.0);
        });
        float first = Callers.viewer().get("/wal").then().extract().path("lagSeconds");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                (float) Callers.viewer().get("/wal").then().extract().path("lagSeconds")).isGreaterThan(first + 1));
    }

    @Test
    @Order(2)
    void afterTheTopologyNamesTheNewPrimaryTheArchiveShipsItsTimelineAndHistoryWithoutAGap() throws Exception {
        // Given: the new primary takes writes on timeline 2
        PostgresServer promoted = infra.standby();
        promoted.execute(Infrastructure.ENERGY_FORECAST, "INSERT INTO failover_probe (v) VALUES ('after failover')");
        String lastOnTimeline2 = switchWal(promoted);

        // When
        publishTopology(1, promoted);

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(archived())
                .contains("00000002.history", lastOnTimeline2));
        String history;
        try (S3Client s3 = s3()) {
            history = new String(unzstd(read(s3, WAL + "00000002.history.zst")), StandardCharsets.UTF_8);
        }
        long switchPoint = TimelineHistory.parse("00000002.history", history).switchPoint(1).orElseThrow();
        long switchSegment = switchPoint / WalSegments.SEGMENT_SIZE;
        Set<String> names = archived();
        for (long n = switchSegment; n <= WalSegments.number(lastOnTimeline2); n++) {
            assertThat(names).contains(WalSegments.name(2, n));
        }
        long lastOnTimeline1 = names.stream().filter(n -> n.startsWith("00000001") && WalSegments.isSegment(n))
                .mapToLong(WalSegments::number).max().orElseThrow();
        assertThat(lastOnTimeline1).isGreaterThanOrEqualTo(switchSegment - 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath wal = Callers.viewer().get("/wal").then().statusCode(200).extract().jsonPath();
            assertThat(wal.getBoolean("streaming")).isTrue();
            assertThat(wal.getString("primary")).isEqualTo("127.0.0.1:" + promoted.port());
            assertThat(wal.getInt("timeline")).isEqualTo(2);
            assertThat(wal.getLong("topologyGeneration")).isEqualTo(1);
            assertThat(wal.getList("gaps")).isEmpty();
            assertThat(wal.getDouble("lagSeconds")).isLessThan(10.0);
        });
    }

    @Test
    @Order(3)
    void aFullBackupAfterTheFailoverReadsTheNewPrimary() {
        // Given
        long rows = infra.standby().queryLong(Infrastructure.ENERGY_FORECAST, "SELECT count(*) FROM failover_probe");

        // When
        JsonPath view = awaitFinished(trigger("energy_forecast", "FULL"));

        // Then
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getLong("manifest.tableRowCounts.'public.failover_probe'")).isEqualTo(rows).isEqualTo(2);
        assertThat(view.getString("manifest.source")).contains(":" + infra.standby().port() + "/");
    }

    @Test
    @Order(4)
    void anIncrementalBackupAcrossTheFailoverSealsTheHistoryFileAndBothTimelinesWal() {
        // Given
        infra.standby().execute(Infrastructure.ENERGY_FORECAST, "INSERT INTO failover_probe (v) VALUES ('sealed')");

        // When
        JsonPath view = awaitFinished(trigger("energy_forecast", "INCREMENTAL"));

        // Then
        assertThat(view.getString("backup.status")).as(view.getString("backup.error")).isEqualTo("COMPLETED");
        List<String> keys = view.getList("manifest.objects.key", String.class);
        assertThat(keys).contains(WAL + "00000002.history.zst");
        long first = WalSegments.number(view.getString("manifest.wal.firstSegment"));
        long last = WalSegments.number(view.getString("manifest.wal.lastSegment"));
        assertThat(keys.stream().filter(k -> k.matches(".*/[0-9A-F]{24}\\.zst"))
                .map(k -> WalSegments.number(k.substring(WAL.length(), WAL.length() + 24))))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(first, last).boxed().toList());
        assertThat(view.getInt("manifest.wal.timeline")).isEqualTo(2);
        Callers.operator().when().post("/backups/" + view.getString("backup.backupId") + "/verify").then()
                .statusCode(200).body("valid", org.hamcrest.Matchers.is(true));
    }

    private static void publishTopology(long generation, PostgresServer primary) {
        DatabaseTopologyChanged topology = new DatabaseTopologyChanged(CLUSTER, generation,
                new DatabaseTopologyChanged.Node("127.0.0.1", primary.port(), 0L, 0.0, null), List.of(), List.of(),
                2L, "failover: primary unreachable", null, Instant.now());
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            kafka.send(Topics.TOPOLOGY, CLUSTER,
                    EventCodec.encode(EventCodec.wrap(topology, "failover-service", Clock.systemUTC())));
        }
    }

    private static String switchWal(PostgresServer server) {
        long lsn = server.queryLong(Infrastructure.ENERGY_FORECAST,
                "SELECT pg_switch_wal() - '0/0'::pg_lsn");
        return WalSegments.name(2, (lsn - 1) / WalSegments.SEGMENT_SIZE);
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
