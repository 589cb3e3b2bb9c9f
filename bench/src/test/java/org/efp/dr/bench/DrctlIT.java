package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.drctl.Drctl;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestSigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * drctl against the running platform: backup-service, restore-service, failover-service and metrics-service
 * started once as processes on real infrastructure; every verb run as an operator would, in JSON mode, its output parsed and its exit
 * code checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrctlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String operatorPassword = secret();
    private final String viewerPassword = secret();
    private Infrastructure infra;
    private LocalKubernetes kubernetes;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private String backupId;
    private Path work;
    private ServiceProcess metrics;

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    void startPlatform() throws Exception {
        work = Path.of("target", "drctl-it").toAbsolutePath();
        Bench.delete(work);
        infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")), "it",
                "it-secret-" + System.nanoTime());
        kubernetes = LocalKubernetes.start(Ports.free());
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
        config.putAll(kubernetes.serviceConfig());
        config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
        Map<String, String> users = Map.of(
                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_OPS", operatorPassword,
                "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_OPS", "operator",
                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_WATCHER", viewerPassword,
                "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_WATCHER", "viewer");
        Map<String, String> backupEnv = new HashMap<>(users);
        backupEnv.put("DR_BACKUP_SCHEDULES_ENABLED", "false");
        backupEnv.put("DR_BACKUP_WAL_SPOOL_DIR", work.resolve("wal-spool").toString());
        Map<String, String> restoreEnv = new HashMap<>(users);
        restoreEnv.put("DR_RESTORE_WORK_DIR", work.resolve("restore-work").toString());
        restoreEnv.put("DR_MODELS_DIR", work.resolve("models").toString());
        restoreEnv.put("DR_RESTORE_DRILLS_SCHEDULED", "false");
        Map<String, String> failoverProps = new LinkedHashMap<>();
        for (PostgresServer node : List.of(infra.primary(), infra.standby())) {
            failoverProps.put("dr.failover.database.data-dirs.\"127.0.0.1:" + node.port() + "\"",
                    node.dataDir().toString());
        }
        CompletableFuture<ServiceProcess> backup = CompletableFuture.supplyAsync(() -> start("backup-service",
                config, work, backupEnv, Map.of()));
        CompletableFuture<ServiceProcess> restore = CompletableFuture.supplyAsync(() -> start("restore-service",
                config, work, restoreEnv, Map.of()));
        CompletableFuture<ServiceProcess> failover = CompletableFuture.supplyAsync(() -> start("failover-service",
                config, work, users, failoverProps));
        Map<String, String> metricsEnv = new HashMap<>(users);
        metricsEnv.put("DR_METRICS_MONITOR_ENABLED", "false"); // no Prometheus here
        CompletableFuture<ServiceProcess> measuring = CompletableFuture.supplyAsync(() -> start("metrics-service",
                config, work, metricsEnv, Map.of()));
        env.put("HOME", work.toString());
        env.put("DRCTL_BACKUP_URL", backup.join().url(""));
        env.put("DRCTL_RESTORE_URL", restore.join().url(""));
        env.put("DRCTL_FAILOVER_URL", failover.join().url(""));
        metrics = measuring.join();
        env.put("DRCTL_METRICS_URL", metrics.url(""));
        env.put("DRCTL_USER", "ops");
        env.put("DRCTL_PASSWORD", operatorPassword);
    }

    private ServiceProcess start(String service, Map<String, String> config, Path work, Map<String, String> extra,
            Map<String, String> properties) {
        try {
            ServiceProcess started = ServiceProcess.start(service, ServiceProcess.withKafkaLogin(config, infra,
                    service), work, extra, properties);
            synchronized (services) {
                services.add(started);
            }
            return started;
        } catch (Exception e) {
            throw new IllegalStateException(service + " did not start", e);
        }
    }

    @AfterAll
    void stopPlatform() throws Exception {
        ServiceProcess.stoppingTogether(services.toArray(ServiceProcess[]::new)).close();
        services.forEach(ServiceProcess::close);
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    private Result drctl(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Drctl.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private Result drctl(String... args) {
        return drctl(env, args);
    }

    @Test
    @Order(1)
    void topologyListsTheClusterAsPatronictlDoes() throws Exception {
        Result r = drctl("topology", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode t = r.json();
        assertThat(t.path("primary").asText()).isEqualTo("127.0.0.1:" + infra.primary().port());
        assertThat(t.path("members")).hasSize(2);
        assertThat(drctl("topology").out()).contains("Cluster:", "MEMBER", "PRIMARY");
    }

    @Test
    @Order(2)
    void aBackupCreatedWithWaitEndsCompletedAndIsListedDescribedAndVerified() throws Exception {
        Result created = drctl("backup", "create", "--target", Infrastructure.ENERGY_FORECAST, "--kind", "FULL",
                "--reason", "drctl end-to-end", "--wait", "--timeout", "120s", "-o", "json");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.json().at("/backup/status").asText()).isEqualTo("COMPLETED");
        assertThat(created.err()).contains("COMPLETED", "100.0 %");
        backupId = created.json().at("/backup/backupId").asText();

        Result listed = drctl("backup", "list", "--target", Infrastructure.ENERGY_FORECAST, "-o", "json");
        assertThat(listed.exit()).isZero();
        assertThat(listed.json().findValuesAsText("backupId")).contains(backupId);

        Result described = drctl("backup", "describe", backupId, "-o", "yaml");
        assertThat(described.exit()).isZero();
        assertThat(described.out()).contains("backupId: " + backupId, "status: COMPLETED", "requestedBy: ops");

        Result verified = drctl("backup", "verify", backupId, "-o", "json");
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.json().path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void unknownIdsExitFourBadArgumentsTwoAndBadCredentialsThree() {
        Result unknown = drctl("backup", "describe", "no-such-backup", "-o", "json");
        assertThat(unknown.exit()).isEqualTo(4);
        assertThat(unknown.err()).contains("no-such-backup");
        assertThat(drctl("restore", "describe", "restore-none").exit()).isEqualTo(4);
        assertThat(drctl("drill", "describe", "drill-none").exit()).isEqualTo(4);
        assertThat(drctl("incident", "describe", "incident-none").exit()).isEqualTo(4);

        assertThat(drctl("backup", "create", "--target", "energy_forecast", "--kind", "WEEKLY").exit()).isEqualTo(2);
        Result refused = drctl("backup", "create", "--target", "no_such_db", "--kind", "FULL");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("backup-service refused the request");
        Result notANode = drctl("failover", "--to", "127.0.0.1:1", "--dry-run");
        assertThat(notANode.exit()).isEqualTo(2);
        assertThat(notANode.err()).contains("not a node");

        Map<String, String> wrongPassword = new HashMap<>(env);
        wrongPassword.put("DRCTL_PASSWORD", "not-" + operatorPassword);
        Result refusedLogin = drctl(wrongPassword, "backup", "list", "-o", "json");
        assertThat(refusedLogin.exit()).isEqualTo(3);
        assertThat(refusedLogin.out() + refusedLogin.err()).doesNotContain(operatorPassword);

        Map<String, String> viewer = new HashMap<>(env);
        viewer.put("DRCTL_USER", "watcher");
        viewer.put("DRCTL_PASSWORD", viewerPassword);
        assertThat(drctl(viewer, "backup", "list", "-o", "json").exit()).isZero();
        Result notAllowed = drctl(viewer, "backup", "create", "--target", "energy_forecast", "--kind", "FULL");
        assertThat(notAllowed.exit()).isEqualTo(3);
        assertThat(notAllowed.err()).contains("operator role");
    }

    @Test
    @Order(4)
    void anIncidentDeclaredIsListedOpenAndDescribed() throws Exception {
        Result declared = drctl("incident", "declare", "--component", "cache", "--severity", "low", "--impact",
                "cache misses in the forecast API", "-o", "json");

        assertThat(declared.exit()).as(declared.err()).isZero();
        String id = declared.json().at("/incident/incidentId").asText();
        assertThat(id).isNotBlank();
        Result listed = drctl("incident", "list", "-o", "json");
        assertThat(listed.json().findValuesAsText("incidentId")).contains(id);
        Result described = drctl("incident", "describe", id, "-o", "json");
        assertThat(described.exit()).isZero();
        assertThat(described.json().at("/incident/component").asText()).isEqualTo("cache");
    }

    @Test
    @Order(5)
    void aDryRunFailoverIsRecordedAsADryRunAndChangesNothing() throws Exception {
        Result dryRun = drctl("failover", "--dry-run", "--wait", "--timeout", "60s", "-o", "json");

        assertThat(dryRun.exit()).as(dryRun.err() + dryRun.out()).isZero();
        JsonNode job = dryRun.json();
        assertThat(job.path("dryRun").asBoolean()).isTrue();
        assertThat(job.path("action").asText()).isEqualTo("DATABASE_FAILOVER");
        Result described = drctl("recovery", "describe", job.path("recoveryId").asText(), "-o", "json");
        assertThat(described.json().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(drctl("topology", "-o", "json").json().path("primary").asText())
                .isEqualTo("127.0.0.1:" + infra.primary().port());
    }

    @Test
    @Order(6)
    void drillsRestoresAndDeadLettersAreListed() throws Exception {
        Result drills = drctl("drill", "list", "-o", "json");
        assertThat(drills.exit()).as(drills.err()).isZero();
        assertThat(drills.json().isArray()).isTrue();
        Result restores = drctl("restore", "list", "--incident", "op-none", "-o", "json");
        assertThat(restores.exit()).isZero();
        assertThat(restores.json()).isEmpty();
        for (String service : List.of("backup", "restore", "failover")) {
            Result dlq = drctl("dlq", "list", "--service", service, "-o", "json");
            assertThat(dlq.exit()).as(service + ": " + dlq.err()).isZero();
            assertThat(dlq.json().isArray()).isTrue();
        }
        assertThat(drctl("dlq", "replay", "--service", "backup", "0", "999999").exit()).isIn(2, 4);
    }

    @Test
    @Order(7)
    void aRestoreThatCannotFindItsBackupEndsFailedWithExitOne() throws Exception {
        Result restore = drctl("restore", "create", "--target", Infrastructure.ENERGY_FORECAST, "--backup",
                "backup-that-never-was", "--incident", "op-drctl-it", "--wait", "--timeout", "90s", "-o", "json");

        assertThat(restore.exit()).as(restore.err()).isEqualTo(1);
        JsonNode job = restore.json();
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error").asText()).contains("backup-that-never-was");
        Result listed = drctl("restore", "list", "--incident", "op-drctl-it", "-o", "json");
        assertThat(listed.json().findValuesAsText("jobId")).containsExactly(job.path("jobId").asText());
    }

    @Test
    @Order(8)
    void statusShowsTheClusterTheArchiveAndTheNewestBackupAgainstTheRpo() throws Exception {
        Result status = drctl("status", "-o", "json");

        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode s = status.json();
        assertThat(s.at("/database/primary").asText()).isEqualTo("127.0.0.1:" + infra.primary().port());
        assertThat(s.at("/walArchive/enabled").isBoolean()).isTrue();
        JsonNode newest = s.path("backups").get(0);
        assertThat(newest.path("target").asText()).isEqualTo(Infrastructure.ENERGY_FORECAST);
        assertThat(newest.path("backupId").asText()).isEqualTo(backupId);
        assertThat(newest.path("rpoSeconds").asLong()).isEqualTo(60);
        assertThat(s.path("openIncidents").findValuesAsText("component")).contains("cache");
        String screen = drctl("status").out();
        assertThat(screen).contains("DATABASE", "WAL ARCHIVE", "NEWEST BACKUPS", "OPEN INCIDENTS", "LAST DRILLS",
                backupId);
        // what an operator sees, kept beside the services' logs
        Files.writeString(work.resolve("status.txt"), screen);
    }

    @Test
    @Order(9)
    void theNewestBackupIsDeletedOnlyWhenForcedAndRestoresAreListedWithoutAnIncident() throws Exception {
        Result refused = drctl("backup", "delete", backupId, "-o", "json");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("newest", "force");

        Map<String, String> viewer = new HashMap<>(env);
        viewer.put("DRCTL_USER", "watcher");
        viewer.put("DRCTL_PASSWORD", viewerPassword);
        assertThat(drctl(viewer, "backup", "delete", backupId, "--force").exit()).isEqualTo(3);

        Result deleted = drctl("backup", "delete", backupId, "--force", "-o", "json");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.json().path("status").asText()).isEqualTo("DELETED");
        assertThat(deleted.json().path("deletedBy").asText()).isEqualTo("ops");
        assertThat(drctl("backup", "delete", backupId, "-o", "json").exit()).isEqualTo(4);

        Result restores = drctl("restore", "list", "--limit", "5", "-o", "json");
        assertThat(restores.exit()).as(restores.err()).isZero();
        assertThat(restores.json().findValuesAsText("incidentId")).contains("op-drctl-it");
        assertThat(drctl("restore", "list", "--limit", "0").exit()).isEqualTo(2);
    }

    @Test
    @Order(10)
    void scaleStopsADeploymentRemembersItsCountAndRestoresIt() throws Exception {
        String ns = LocalKubernetes.NAMESPACE;
        int before = replicas(ns, "ml-service");
        Result dryRun = drctl("scale", "ml-service", "--replicas", "0", "--dry-run", "--wait", "--timeout", "60s",
                "-o", "json");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.json().path("dryRun").asBoolean()).isTrue();
        assertThat(replicas(ns, "ml-service")).as("a dry run changes nothing").isEqualTo(before);

        Result down = drctl("scale", "ml-service", "--replicas", "0", "--wait", "--timeout", "60s", "-o", "json");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.json().path("action").asText()).isEqualTo("SCALE_DOWN");
        assertThat(replicas(ns, "ml-service")).isZero();

        Result restored = drctl("scale", "ml-service", "--restore", "--wait", "--timeout", "60s", "-o", "json");
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(replicas(ns, "ml-service")).as("the count remembered at scale-down").isEqualTo(before);

        Result up = drctl("scale", "api-service", "ingress-controller", "--replicas", "4", "--wait", "-o", "json");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(replicas(ns, "api-service")).isEqualTo(4);
        assertThat(replicas(ns, "ingress-controller")).isEqualTo(4);

        Result missing = drctl("scale", "no-such-deployment", "--replicas", "1", "--wait", "--timeout", "60s",
                "-o", "json");
        assertThat(missing.exit()).as("a deployment that does not exist fails the recovery").isEqualTo(1);
        assertThat(missing.json().path("status").asText()).isEqualTo("FAILED");

        Result recoveries = drctl("recovery", "list", "--limit", "5", "-o", "json");
        assertThat(recoveries.exit()).as(recoveries.err()).isZero();
        assertThat(recoveries.json()).hasSize(5);
        assertThat(recoveries.json().get(0).path("target").asText()).as("newest first")
                .isEqualTo("no-such-deployment");
        assertThat(recoveries.json().findValuesAsText("action")).contains("SCALE_DOWN", "SCALE_UP");
        assertThat(drctl("incident", "list", "--limit", "1", "-o", "json").json()).hasSize(1);

        Map<String, String> viewer = new HashMap<>(env);
        viewer.put("DRCTL_USER", "watcher");
        viewer.put("DRCTL_PASSWORD", viewerPassword);
        assertThat(drctl(viewer, "scale", "api-service", "--replicas", "0").exit()).isEqualTo(3);
        assertThat(replicas(ns, "api-service")).isEqualTo(4);
    }

    @Test
    @Order(11)
    void anOperatorResolvesAnIncidentByHand() throws Exception {
        String id = drctl("incident", "declare", "--component", "api", "--severity", "low", "--impact",
                "slow forecasts", "-o", "json").json().at("/incident/incidentId").asText();

        Result resolved = drctl("incident", "resolve", id, "-o", "json");

        assertThat(resolved.exit()).as(resolved.err()).isZero();
        assertThat(resolved.json().at("/incident/status").asText()).isEqualTo("RESOLVED");
        assertThat(drctl("incident", "list", "--open", "-o", "json").json().findValuesAsText("incidentId"))
                .doesNotContain(id);
        assertThat(drctl("incident", "resolve", "incident-none").exit()).isEqualTo(4);
    }

    @Test
    @Order(12)
    void drillReportShowsEachScenarioAgainstItsObjectivesAndExitsOneWhenTheNewestMissedOne() throws Exception {
        String passed = "live-database-drctl-it";
        assertThat(metrics.post("/drills", drill(passed, "database_failure", 42, 900)).statusCode()).isEqualTo(201);

        Result history = drctl("drill", "report", "-o", "json");

        assertThat(history.exit()).as(history.err()).isZero();
        JsonNode report = find(history.json().path("reports"), passed);
        assertThat(report.path("scenario").asText()).isEqualTo("database_failure");
        assertThat(report.path("rtoObjectiveSeconds").asLong()).isEqualTo(900);
        assertThat(report.path("rtoMet").asBoolean()).isTrue();
        assertThat(report.path("rpoMet").asBoolean()).isTrue();
        assertThat(drctl("drill", "report").out()).contains("database_failure", passed, "42s of 15m", "+14m18s",
                "PASSED");

        Path page = work.resolve("drills.html");
        Result one = drctl("drill", "report", passed, "--html", page.toString(), "-o", "json");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.json().path("drillId").asText()).isEqualTo(passed);
        assertThat(one.json().path("measuredRtoSeconds").asLong()).isEqualTo(42);
        assertThat(Files.readString(page)).contains("Recovery drills", "database_failure", passed);

        String missed = "live-model-drctl-it";
        assertThat(metrics.post("/drills", drill(missed, "model_failure", 1500, 1200)).statusCode()).isEqualTo(201);
        Result failing = drctl("drill", "report", "-o", "json");
        assertThat(failing.exit()).as("the newest model_failure drill missed its RTO").isEqualTo(1);
        assertThat(find(failing.json().path("reports"), missed).path("rtoMet").asBoolean()).isFalse();
        assertThat(failing.err()).contains(missed, "MISSED its RTO (25m of 20m)");
        assertThat(drctl("drill", "report", "--scenario", "database_failure", "-o", "json").exit()).isZero();
        assertThat(drctl("drill", "report", missed, "-o", "json").exit()).isEqualTo(1);

        Result malformed = drctl("drill", "report", "../drills", "-o", "json");
        assertThat(malformed.exit()).as("refused before any call").isEqualTo(2);
        assertThat(malformed.out()).isEmpty();
        assertThat(drctl("drill", "report", "drill-none").exit()).isEqualTo(4);
    }

    /** A live drill's result as ./dr drill posts it: it took {@code rto} seconds to recover, 5 s of data lost. */
    private static String drill(String id, String scenario, long rto, long rtoObjective) {
        return JSON.createObjectNode().put("drillId", id).put("scenario", scenario).put("type", "live")
                .put("success", true).put("startedAt", "2026-11-30T10:00:00Z")
                .put("completedAt", java.time.Instant.parse("2026-11-30T10:00:00Z").plusSeconds(rto).toString())
                .put("measuredRtoSeconds", rto).put("measuredRpoSeconds", 5).put("rtoObjectiveSeconds", rtoObjective)
                .put("rpoObjectiveSeconds", 60).set("report", JSON.createObjectNode().put("drillId", id)
                        .put("outcome", rto <= rtoObjective ? "PASSED" : "MISSED").put("timeToRecoverSeconds", rto)
                        .put("rtoObjectiveSeconds", rtoObjective).put("rpoObjectiveSeconds", 60))
                .toString();
    }

    private static JsonNode find(JsonNode reports, String drillId) {
        for (JsonNode r : reports) {
            if (drillId.equals(r.path("drillId").asText())) {
                return r;
            }
        }
        throw new AssertionError("no report of " + drillId + " in " + reports);
    }

    private int replicas(String namespace, String deployment) {
        return kubernetes.client().apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec()
                .getReplicas();
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    @Order(13)
    void aSwitchoverAndARejoinAreRehearsedAndADrillRunsToItsEnd() throws Exception {
        // Given: a backup to drill with (the earlier ones were deleted)
        String standby = "127.0.0.1:" + infra.standby().port();
        Result backup = drctl("backup", "create", "--target", "energy_forecast", "--kind", "FULL", "--wait", "-o",
                "json");
        assertThat(backup.exit()).as(backup.err()).isZero();

        // When
        Result switchover = drctl("failover", "--switchover", "--to", standby, "--dry-run", "--wait", "--timeout",
                "60s", "-o", "json");
        Result rejoin = drctl("rejoin", standby, "--dry-run", "--wait", "--timeout", "60s", "-o", "json");
        Result drill = drctl("drill", "run", "--scenario", "database_recovery", "--target", "energy_forecast",
                "--mode", "logical", "--wait", "--timeout", "5m", "-o", "json");

        // Then: both rehearsals planned and succeeded without changing who is primary; the drill restored
        assertThat(switchover.exit()).as(switchover.err() + switchover.out()).isZero();
        assertThat(switchover.json().path("action").asText()).isEqualTo("DATABASE_SWITCHOVER");
        assertThat(switchover.json().path("dryRun").asBoolean()).isTrue();
        assertThat(rejoin.exit()).as(rejoin.err() + rejoin.out()).isZero();
        assertThat(rejoin.json().path("action").asText()).isEqualTo("DATABASE_REJOIN");
        assertThat(rejoin.json().path("dryRun").asBoolean()).isTrue();
        assertThat(drctl("topology", "-o", "json").json().path("primary").asText())
                .isEqualTo("127.0.0.1:" + infra.primary().port());
        assertThat(drill.exit()).as(drill.err() + drill.out()).isZero();
        assertThat(drill.json().path("success").asBoolean()).isTrue();
        assertThat(drctl("drill", "list", "-o", "json").json().findValuesAsText("drillId"))
                .contains(drill.json().path("drillId").asText());
    }
}
