package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.RedisServer;
import org.efp.dr.testkit.Restarter;
import org.efp.dr.testkit.SampleAppServer;
import org.efp.dr.testkit.SampleModels;
import org.efp.dr.testkit.TestSigningKeys;
import org.junit.jupiter.api.Test;

/**
 * The complete-failure drill against a real platform: failover-, backup-, restore- and metrics-service as processes,
 * a real Redis restarted after a kill (as its pod would be), the sample app serving a model and reading
 * energy_forecast.
 * The drill loses both PostgreSQL nodes with their data directories, the live model and the cache at once and only
 * watches: from S3 alone the platform must build a new primary (BASE + WAL), restore the model, bring back and warm
 * the cache, clone a new standby, and the app must serve again with no acknowledged commit lost beyond the RPO.
 */
class LiveCompleteDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB = Infrastructure.ENERGY_FORECAST;

    @Test
    void everythingLostAtOnceIsRebuiltFromBackupsAndTheAppServesAgain() throws Exception {
        Path work = Path.of("target", "live-complete-drill").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        RedisServer redis = new RedisServer(work.resolve("redis"), Ports.free(),
                UUID.randomUUID().toString().replace("-", ""));
        Path models = work.resolve("models");
        SampleModels.seedLocal(models);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                LocalKubernetes kubernetes = LocalKubernetes.start(Ports.free());
                RedisServer cache = redis.start();
                Restarter restarter = Restarter.watch("redis", redis::alive, redis::start, Duration.ofSeconds(5))) {
            int sparePort = Ports.free();
            Path spareData = OsCommand.ownedDirectory(infra.layout().root().resolve("energy-rebuild")).resolve("data");
            String spareUrl = "jdbc:postgresql://127.0.0.1:" + sparePort + "/" + DB;
            Map<String, String> nodeUrls = new LinkedHashMap<>();
            Map<String, Path> nodeDirs = new LinkedHashMap<>();
            Map<String, String> failoverProps = new LinkedHashMap<>();
            for (PostgresServer node : List.of(infra.primary(), infra.standby())) {
                nodeUrls.put("127.0.0.1:" + node.port(), node.jdbcUrl(DB));
                nodeDirs.put("127.0.0.1:" + node.port(), node.dataDir());
            }
            nodeUrls.put("127.0.0.1:" + sparePort, spareUrl);
            nodeDirs.put("127.0.0.1:" + sparePort, spareData);
            nodeDirs.forEach((address, dir) -> failoverProps.put("dr.failover.database.data-dirs.\"" + address + "\"",
                    dir.toString()));

            String hosts = String.join(",", nodeUrls.keySet());
            try (AutoCloseable rebuilt = () -> stopIfRunning(spareData);
                    SampleAppServer app = new SampleAppServer(work.resolve("app"), Ports.free(), "jdbc:postgresql://"
                    + hosts + "/" + DB + "?targetServerType=preferPrimary&connectTimeout=2", models,
                    Duration.ofMillis(500), "viewer-" + System.nanoTime()).start()) {
                failoverProps.put("dr.failover.probes.http.ml-models", app.url() + "/q/health/group/model");
                Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
                config.putAll(kubernetes.serviceConfig());
                config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
                config.put("dr.redis.url", cache.url());
                config.put("dr.redis.password", cache.password());
                String password = "drill-" + System.nanoTime();
                Map<String, String> login = Map.of("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_DRILL", password,
                        "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_DRILL", "operator");
                Map<String, String> failoverEnv = new LinkedHashMap<>(login);
                failoverEnv.putAll(Map.of("DR_FAILOVER_PROBES_INTERVAL", "500ms", "DR_FAILOVER_PROBES_FAILURES", "3",
                        "DR_FAILOVER_DATABASE_AUTO_REJOIN", "true", "DR_FAILOVER_DATABASE_AUTO_REJOIN_DELAY", "2s",
                        "DR_FAILOVER_DATABASE_RESTART_DOWN_NODES", "true",
                        "DR_FAILOVER_DATABASE_RESTART_DOWN_AFTER", "3s"));
                Map<String, String> backupEnv = LiveServices.backupEnv(login, work, models);
                Map<String, String> restoreEnv = LiveServices.restoreEnv(login, work, models);
                restoreEnv.putAll(Map.of("DR_RESTORE_REBUILD_DATA_DIR", spareData.toString(),
                        "DR_RESTORE_REBUILD_PORT", String.valueOf(sparePort)));
                Map<String, String> metricsEnv = new LinkedHashMap<>(login);
                // No Prometheus here: a successful recovery counts when it completes (monitoring has its own tests).
                metricsEnv.put("DR_METRICS_MONITOR_ENABLED", "false");
                try (ServiceProcess failover = ServiceProcess.start("failover-service",
                        ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, failoverEnv,
                        failoverProps);
                        ServiceProcess backup = ServiceProcess.start("backup-service",
                                ServiceProcess.withKafkaLogin(config, infra, "backup-service"), work, backupEnv);
                        ServiceProcess restore = ServiceProcess.start("restore-service",
                                ServiceProcess.withKafkaLogin(config, infra, "restore-service"), work, restoreEnv);
                        ServiceProcess metrics = ServiceProcess.start("metrics-service",
                                ServiceProcess.withKafkaLogin(config, infra, "metrics-service"), work, metricsEnv);
                        AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, backup, restore,
                                metrics)) {
                    // Given: a base backup, the WAL archive streaming, a model backup (the sample data is the warm-up source)
                    await("the WAL archive streaming").atMost(Duration.ofSeconds(90))
                            .until(() -> JSON.readTree(backup.get("/wal")).path("streaming").asBoolean());
                    assertThat(backup(backup, DB, "BASE")).isEqualTo("COMPLETED");
                    assertThat(backup(backup, "models", "MODELS")).isEqualTo("COMPLETED");
                    await("a streaming standby").atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                            failover.get("/api/v1/database/topology")).path("streamingStandbys").asLong() >= 1);
                    LivePlatform platform = new LivePlatform(Map.of(LivePlatform.FAILOVER, failover.url(""),
                            LivePlatform.METRICS, metrics.url(""), LivePlatform.BACKUP, backup.url(""),
                            LivePlatform.RESTORE, restore.url("")), "drill", password, nodeUrls, nodeDirs,
                            PostgresServer.USER);
                    ByteArrayOutputStream printed = new ByteArrayOutputStream();

                    // When
                    DrillResult result = new CompleteFailureDrill(platform, Map.of("database", Duration.ofHours(1),
                            "ml-models", Duration.ofMinutes(30), "cache", Duration.ofMinutes(5)),
                            Duration.ofMinutes(1), models, work.resolve("redis").resolve("redis.pid"), cache.url(),
                            cache.password(), app.url(), Duration.ofMinutes(4),
                            new PrintStream(printed, true, StandardCharsets.UTF_8)).run("live-complete-failure-it");

                    // Then
                    String progress = printed.toString(StandardCharsets.UTF_8);
                    assertThat(result.outcome()).as(progress).isEqualTo(DrillResult.Outcome.PASSED);
                    assertThat(result.timeToRecoverSeconds()).isLessThan(300);
                    assertThat(result.acknowledgedCommits()).isGreaterThan(50);
                    assertThat(result.dataLossSeconds()).isLessThanOrEqualTo(60);
                    assertThat(progress).contains("removed their data directories")
                            .contains("the client's writes are accepted again (on 127.0.0.1:" + sparePort + ")")
                            .contains("the served model files are back").contains("the cache answers again")
                            .contains("the app is ready again").contains("a standby streams from the new primary")
                            .contains("failover-service declared one complete failure")
                            .containsPattern("system-recovery saga rec-[0-9a-f-]+: 5 step\\(s\\) done, SUCCEEDED");
                    JsonNode topology = JSON.readTree(failover.get("/api/v1/database/topology"));
                    assertThat(topology.path("primary").asText()).isEqualTo("127.0.0.1:" + sparePort);
                    assertThat(Files.exists(infra.primary().dataDir().resolve("PG_VERSION"))
                            || Files.exists(infra.standby().dataDir().resolve("PG_VERSION")))
                            .as("a lost node was cloned again").isTrue();
                    assertThat(Long.parseLong(redis.command("DBSIZE", true))).as("warmed once the database was "
                            + "back").isPositive();
                }
            }
        }
    }

    /** The new primary the platform built is not one of the infrastructure's servers: it is stopped here. */
    private static void stopIfRunning(Path dataDir) {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w",
                    "stop");
        }
    }

    /** Takes a backup through backup-service's API and waits for its end; returns its status. */
    private static String backup(ServiceProcess backup, String target, String kind) throws Exception {
        HttpResponse<String> queued = backup.post("/backups", "{\"target\":\"" + target + "\",\"kind\":\"" + kind
                + "\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JSON.readTree(queued.body()).path("backupId").asText();
        return await(kind + " backup " + id).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(backup.get("/backups/" + id)).at("/backup/status").asText(),
                        s -> !List.of("QUEUED", "RUNNING").contains(s));
    }
}
