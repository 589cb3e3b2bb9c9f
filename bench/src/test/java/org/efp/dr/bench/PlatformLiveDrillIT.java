package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.RedisServer;
import org.efp.dr.testkit.Restarter;
import org.junit.jupiter.api.Test;

/**
 * The platform's own live drill, as a staging environment runs it (turned on there, off by default): an operator
 * starts it over failover-service's REST API; failover-service checks the platform can take it, kills the primary's
 * postmaster itself and then only watches until the standby is promoted, the incident resolved and a standby streams
 * again; metrics-service files the result in the drill history. The killed node is started again by the test, as
 * Kubernetes restarts a deleted database pod. Then a live cache drill shuts the cache down without saving; the cache
 * comes back empty as its pod would, and the platform must notice, restart and warm it by itself.
 */
class PlatformLiveDrillIT {

    @Test
    void anOperatorsLiveDrillsBreakThePrimaryThenTheCacheAndReportEachRecoveryOnceThePlatformIsReadyAgain()
            throws Exception {
        try (LiveStage stage = LiveStage.start("platform-live-drill");
                RedisServer cache = new RedisServer(stage.work().resolve("redis"), Ports.free(),
                        UUID.randomUUID().toString().replace("-", "")).start();
                // Back after 8 s, as a restarted pod: a cache back before three probes failed is no outage to see.
                Restarter restarter = Restarter.watch("redis", cache::alive, cache::start, Duration.ofSeconds(8))) {
            Infrastructure infra = stage.infra();
            Map<String, String> failoverEnv = new LinkedHashMap<>(LiveServices.failoverEnv(stage.login()));
            failoverEnv.put("DR_REDIS_URL", cache.url());
            failoverEnv.put("DR_REDIS_PASSWORD", cache.password());
            failoverEnv.put("DR_FAILOVER_LIVE_DRILLS_ENABLED", "true");
            failoverEnv.put("DR_FAILOVER_LIVE_DRILLS_WATCH_TIMEOUT", "3m");
            failoverEnv.put("DR_FAILOVER_DATABASE_OBSERVE_INTERVAL", "1s");
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    stage.serviceConfig("failover-service"), stage.work(), failoverEnv,
                    stage.nodes().failoverProperties());
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            stage.serviceConfig("metrics-service"), stage.work(),
                            LiveServices.metricsEnv(stage.login()));
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, metrics)) {
                LivePlatform platform = stage.platform(failover, metrics);
                PostgresServer primary = infra.primary();
                String primaryUrl = primary.jdbcUrl(Infrastructure.ENERGY_FORECAST);
                await().atMost(Duration.ofSeconds(60)).until(() -> streamingStandbys(platform) > 0);
                assertThat(platform.post(LivePlatform.FAILOVER, "/api/v1/live-drills",
                        "{\"scenario\":\"region_failure\"}").status()).as("a scenario not run live here")
                        .isEqualTo(400);

                // When
                LivePlatform.Answer started = platform.post(LivePlatform.FAILOVER, "/api/v1/live-drills",
                        "{\"scenario\":\"database_failure\"}");

                // Then: it breaks the primary by itself and watches the platform recover
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                String drillId = started.json().path("drillId").asText();
                JsonNode recovered = await().atMost(Duration.ofSeconds(120)).until(() -> drill(platform, drillId),
                        d -> "RECOVERED".equals(d.path("phase").asText()) || "FINISHED".equals(d.path("phase")
                                .asText()));
                assertThat(recovered.path("phase").asText()).as(recovered.toString()).isEqualTo("RECOVERED");
                assertThat(recovered.path("target").asText()).isEqualTo(primaryUrl);
                assertThat(primary.running()).as("the postmaster was killed").isFalse();
                Instant broken = Instant.parse(recovered.path("brokenAt").asText());
                assertThat(Instant.parse(recovered.path("detectedAt").asText())).isAfterOrEqualTo(broken);
                assertThat(recovered.path("detail").asText())
                        .isEqualTo("promoted " + infra.standby().jdbcUrl(Infrastructure.ENERGY_FORECAST));

                // When: the killed node comes back, as its pod would be restarted
                primary.start();

                // Then: rejoined as a streaming standby, the drill passes and is filed with its measured recovery
                JsonNode finished = await().atMost(Duration.ofSeconds(150)).until(() -> drill(platform, drillId),
                        d -> "FINISHED".equals(d.path("phase").asText()));
                assertThat(finished.path("ready").asBoolean()).as(finished.toString()).isTrue();
                long recoverySeconds = Duration.between(broken, Instant.parse(finished.path("recoveredAt").asText()))
                        .toSeconds();
                JsonNode report = await().atMost(Duration.ofSeconds(30)).until(() -> platform.get(
                        LivePlatform.METRICS, "/drills/" + drillId).json(), r -> r.has("success"));
                assertThat(report.path("success").asBoolean()).as(report.toString()).isTrue();
                assertThat(report.path("type").asText()).isEqualTo("live");
                assertThat(report.path("measuredRtoSeconds").asLong()).isEqualTo(recoverySeconds);
                assertThat(report.path("rtoObjectiveSeconds").asLong()).isEqualTo(3600);

                // When: the next live drill kills the cache
                long cachePid = cache.pid();
                LivePlatform.Answer cacheDrill = platform.post(LivePlatform.FAILOVER, "/api/v1/live-drills",
                        "{\"scenario\":\"cache_failure\"}");

                // Then: the platform notices, restarts and warms it by itself, and the drill passes against the
                // cache's 5-minute row
                assertThat(cacheDrill.status()).as(cacheDrill.body()).isEqualTo(202);
                String cacheDrillId = cacheDrill.json().path("drillId").asText();
                JsonNode cacheDone = await().atMost(Duration.ofSeconds(120)).until(() -> drill(platform,
                        cacheDrillId), d -> "FINISHED".equals(d.path("phase").asText()));
                assertThat(cacheDone.path("ready").asBoolean()).as(cacheDone.toString()).isTrue();
                assertThat(cacheDone.path("target").asText()).isEqualTo("redis://127.0.0.1:" + cache.port());
                assertThat(cacheDone.path("detail").asText()).contains("the cache answers at");
                assertThat(cache.pid()).as("the cache process was ended and started again").isNotEqualTo(cachePid);
                JsonNode cacheReport = await().atMost(Duration.ofSeconds(30)).until(() -> platform.get(
                        LivePlatform.METRICS, "/drills/" + cacheDrillId).json(), r -> r.has("success"));
                assertThat(cacheReport.path("success").asBoolean()).as(cacheReport.toString()).isTrue();
                assertThat(cacheReport.path("rtoObjectiveSeconds").asLong()).isEqualTo(300);
                assertThat(cacheReport.path("measuredRtoSeconds").asLong()).isLessThanOrEqualTo(300);
            }
        }
    }

    private static JsonNode drill(LivePlatform platform, String drillId) {
        return platform.get(LivePlatform.FAILOVER, "/api/v1/live-drills/" + drillId).json();
    }

    private static long streamingStandbys(LivePlatform platform) {
        JsonNode topology = platform.get(LivePlatform.FAILOVER, "/api/v1/database/topology").json();
        long n = 0;
        for (JsonNode member : topology.path("members")) {
            if ("STANDBY".equals(member.path("role").asText()) && member.path("streaming").asBoolean()) {
                n++;
            }
        }
        return n;
    }
}
