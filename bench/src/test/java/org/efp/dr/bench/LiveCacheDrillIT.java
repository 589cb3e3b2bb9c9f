package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.RedisServer;
import org.efp.dr.testkit.Restarter;
import org.junit.jupiter.api.Test;

/**
 * The cache drill runner against a real platform: a real Redis (restarted after a kill, as its pod would be),
 * failover-service and metrics-service as processes on real infrastructure. The drill kills Redis and only watches;
 * the platform must notice by its own probe, restart, verify and warm the cache, and measure the incident recovered.
 */
class LiveCacheDrillIT {

    @Test
    void theDrillKillsTheCacheAndReportsThePlatformsMeasuredRecoveryAsPassed() throws Exception {
        Path work = Path.of("target", "live-cache-drill").toAbsolutePath();
        Bench.delete(work);
        RedisServer redis = new RedisServer(work.resolve("redis"), Ports.free(),
                UUID.randomUUID().toString().replace("-", ""));
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                LocalKubernetes kubernetes = LocalKubernetes.start(Ports.free());
                RedisServer cache = redis.start();
                // Back after 8 s, as a restarted pod: a cache back before three probes failed is no outage to see.
                Restarter restarter = Restarter.watch("redis", redis::alive, redis::start, Duration.ofSeconds(8))) {
            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            config.putAll(kubernetes.serviceConfig());
            String password = "drill-" + System.nanoTime();
            Map<String, String> login = LiveServices.operatorLogin(password);
            Map<String, String> failoverEnv = new LinkedHashMap<>(login);
            failoverEnv.putAll(Map.of("DR_FAILOVER_PROBES_INTERVAL", "500ms", "DR_FAILOVER_PROBES_FAILURES", "3",
                    "DR_REDIS_URL", cache.url(), "DR_REDIS_PASSWORD", cache.password()));
            Map<String, String> metricsEnv = LiveServices.metricsEnv(login);
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, failoverEnv);
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            ServiceProcess.withKafkaLogin(config, infra, "metrics-service"), work, metricsEnv);
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, metrics)) {
                LivePlatform platform = new LivePlatform(Map.of(LivePlatform.FAILOVER, failover.url(""),
                        LivePlatform.METRICS, metrics.url("")), "drill", password, Map.of(), Map.of(),
                        PostgresServer.USER);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();

                // When
                DrillResult result = new CacheFailureDrill(platform, work.resolve("redis").resolve("redis.pid"),
                        cache.url(), cache.password(), Duration.ofMinutes(5), Duration.ofSeconds(90),
                        new PrintStream(printed, true, StandardCharsets.UTF_8)).run("live-cache-failure-it");

                // Then
                String progress = printed.toString(StandardCharsets.UTF_8);
                assertThat(result.outcome()).as(progress).isEqualTo(DrillResult.Outcome.PASSED);
                assertThat(result.incidentId()).isNotNull();
                assertThat(result.timeToDetectSeconds()).isNotNull();
                assertThat(result.timeToRecoverSeconds()).isLessThan(300);
                assertThat(result.rpoObjectiveSeconds()).as("best effort").isNull();
                assertThat(progress).contains("killed the cache").contains("the cache answers again")
                        .contains("metrics-service opened incident").contains("after the platform warmed it")
                        .doesNotContain(cache.password());
                assertThat(redis.command("PING", true)).isEqualTo("PONG");
            }
        }
    }
}
