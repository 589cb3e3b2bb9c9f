package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.testkit.AlertmanagerServer;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.PrometheusServer;
import org.efp.dr.testkit.SampleAppServer;
import org.efp.dr.testkit.SampleModels;
import org.efp.dr.testkit.TestSigningKeys;
import org.junit.jupiter.api.Test;

/**
 * Both model drills against a real platform: failover-, backup-, restore- and metrics-service as processes, the
 * sample app serving the live model directory, Prometheus scraping it with the shipped rules and Alertmanager with
 * the shipped routing. First a bad version is deployed over the served one, which no health check sees: only the
 * forecast error alert does; then the live model directory disappears (the model health probe notices). Each time
 * the platform must restore a good version from the model backup by itself and measure the recovery.
 */
class LiveModelDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The alert rules' pending periods here: the forecast error alert fires after 5 s of a bad version instead of
     * the shipped minute (promtool's rule tests prove that one); everything after it is the platform's own timing.
     */
    private static final Duration PENDING = Duration.ofSeconds(5);

    @Test
    void aBadAndThenALostModelAreEachNoticedRestoredFromTheBackupAndMeasured() throws Exception {
        Path work = Path.of("target", "live-model-drill").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        Path models = work.resolve("models");
        SampleModels.seedLocal(models);
        Path checkout = AlertChain.checkout();
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                LocalKubernetes kubernetes = LocalKubernetes.start(Ports.free());
                SampleAppServer app = new SampleAppServer(work.resolve("app"), Ports.free(),
                        infra.primary().jdbcUrl(Infrastructure.ENERGY_FORECAST), models, Duration.ofMillis(500),
                        "viewer-" + System.nanoTime()).start()) {
            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            config.putAll(kubernetes.serviceConfig());
            config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
            String password = "drill-" + System.nanoTime();
            Map<String, String> login = LiveServices.operatorLogin(password);
            String alertmanagerPassword = UUID.randomUUID().toString().replace("-", "");
            Path passwordFile = work.resolve("alertmanager.password");
            Files.writeString(passwordFile, "");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(passwordFile, alertmanagerPassword + "\n");

            Map<String, String> failoverEnv = new LinkedHashMap<>(login);
            failoverEnv.putAll(Map.of("DR_FAILOVER_PROBES_INTERVAL", "500ms", "DR_FAILOVER_PROBES_FAILURES", "3",
                    "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ALERTMANAGER", alertmanagerPassword,
                    "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ALERTMANAGER", "alertmanager"));
            Map<String, String> backupEnv = LiveServices.backupEnv(login, work, models);
            Map<String, String> restoreEnv = LiveServices.restoreEnv(login, work, models);
            Map<String, String> metricsEnv = LiveServices.metricsEnv(login);
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, failoverEnv,
                    Map.of("dr.failover.probes.http.ml-models", app.url() + "/q/health/group/model"));
                    AlertmanagerServer alertmanager = new AlertmanagerServer(work.resolve("alertmanager"),
                            Ports.free(), new AlertmanagerServer.Webhook(failover.url("/api/v1/alerts/alertmanager"),
                                    "alertmanager", passwordFile), AlertmanagerServer.platformRouting(checkout));
                    PrometheusServer prometheus = new PrometheusServer(work.resolve("prometheus"), Ports.free(),
                            new PrometheusServer.Settings(Map.of("sample-app", List.of("127.0.0.1:" + app.port())),
                                    PrometheusServer.withPendingAtMost(PrometheusServer.platformRules(checkout),
                                            work.resolve("rules"), PENDING), alertmanager.hostPort(),
                                    Duration.ofSeconds(1)));
                    ServiceProcess backup = ServiceProcess.start("backup-service",
                            ServiceProcess.withKafkaLogin(config, infra, "backup-service"), work, backupEnv);
                    ServiceProcess restore = ServiceProcess.start("restore-service",
                            ServiceProcess.withKafkaLogin(config, infra, "restore-service"), work, restoreEnv,
                            Map.of("dr.restore.models.monitor.prometheus-url", prometheus.url(),
                                    "dr.restore.models.monitor.job", "sample-app",
                                    "dr.restore.models.monitor.window", "10s",
                                    "dr.restore.models.monitor.interval", "1s",
                                    "dr.restore.models.monitor.rate-window", "5s"));
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            ServiceProcess.withKafkaLogin(config, infra, "metrics-service"), work, metricsEnv);
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, backup, restore, metrics)) {
                alertmanager.start();
                prometheus.start();
                // Given: a model backup of the served version
                assertThat(modelsBackup(backup)).isEqualTo("COMPLETED");
                LivePlatform platform = new LivePlatform(Map.of(LivePlatform.FAILOVER, failover.url(""),
                        LivePlatform.METRICS, metrics.url(""), LivePlatform.BACKUP, backup.url(""),
                        LivePlatform.RESTORE, restore.url("")), "drill", password, Map.of(), Map.of(),
                        PostgresServer.USER);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

                // When: a bad version is deployed over the served one
                DrillResult bad = new BadModelDrill(platform, models, "1.2.0-rc1", Duration.ofMinutes(30),
                        Duration.ofMinutes(5), Duration.ofSeconds(240), out).run("live-model-bad-version-it");

                // Then: only the forecast error alert could notice it, and a good version serves again
                String progress = printed.toString(StandardCharsets.UTF_8);
                assertThat(bad.outcome()).as(progress).isEqualTo(DrillResult.Outcome.PASSED);
                assertThat(source(failover, bad.incidentId())).startsWith("alertmanager");
                assertThat(progress).contains("deployed the bad model version 1.2.0-rc1")
                        .contains("a version with the files of");

                // When: then the live model directory disappears (a second model failure)
                DrillResult lost = new ModelFailureDrill(platform, models, Duration.ofMinutes(30),
                        Duration.ofMinutes(5), Duration.ofSeconds(120), out).run("live-model-failure-it");

                // Then
                assertThat(lost.outcome()).as(printed.toString(StandardCharsets.UTF_8))
                        .isEqualTo(DrillResult.Outcome.PASSED);
                assertThat(source(failover, lost.incidentId())).isEqualTo("health-probe");
                assertThat(Files.readString(models.resolve("current/models/model.json")))
                        .contains("\"version\":\"1.1.0\"");
            }
        }
    }

    /** How failover-service says the incident was declared (the health probe, or alertmanager and its URL). */
    private static String source(ServiceProcess failover, String incidentId) throws Exception {
        return JSON.readTree(failover.get("/api/v1/incidents/" + incidentId)).path("incident").path("source")
                .asText();
    }

    /** Takes a MODELS backup through backup-service's API and waits for its end; returns its status. */
    private static String modelsBackup(ServiceProcess backup) throws Exception {
        HttpResponse<String> queued = backup.post("/backups", "{\"target\":\"models\",\"kind\":\"MODELS\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JSON.readTree(queued.body()).path("backupId").asText();
        return await("models backup " + id).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(backup.get("/backups/" + id)).at("/backup/status").asText(),
                        s -> !List.of("QUEUED", "RUNNING").contains(s));
    }
}
