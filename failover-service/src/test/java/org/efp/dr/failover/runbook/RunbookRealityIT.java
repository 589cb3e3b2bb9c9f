package org.efp.dr.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The runbook checks reality before it acts: stale alerts, replica alerts, concurrent incidents, partitions. */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbookRealityIT {

    private static final String DB = Infrastructure.ENERGY_FORECAST;

    @Inject
    DataSource state;

    @Inject
    KubernetesClient kubernetes;

    static String alert(String alertName, String component, String severity, String instance) {
        String body = """
                {"version":"4","groupKey":"g","status":"firing","receiver":"dr","externalURL":"http://am",
                 "alerts":[{"status":"firing","labels":{"alertname":"%s","component":"%s","severity":"%s",
                 "instance":"%s"},"annotations":{"summary":"%s on %s"},"startsAt":"%s","fingerprint":"%s"}]}"""
                .formatted(alertName, component, severity, instance, alertName, instance, Instant.now(),
                        UUID.randomUUID().toString().substring(0, 16));
        return Callers.alertmanager().contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/alerts/alertmanager").then().statusCode(200).extract()
                .path("alerts[0].incidentId");
    }

    static JsonPath incident(String incidentId) {
        return Callers.viewer().when()
                .get("/api/v1/incidents/" + incidentId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void anAlertAboutAPrimaryThatWasAlreadyReplacedChangesNothingAndTheIncidentSaysWhy() throws Exception {
        // Given: a node the topology records as fenced (an old primary a failover replaced)
        int port = Ports.free();
        String old = "jdbc:postgresql://127.0.0.1:" + port + "/" + DB;
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"url\":\"" + old + "\",\"role\":\"FENCED\"}").when().post("/api/v1/database/nodes")
                .then().statusCode(204);
        try {
            // When
            String incidentId = alert("PostgresDown", "postgres", "critical", "127.0.0.1:" + port);

            // Then
            JsonPath view = incident(incidentId);
            assertThat(view.getString("incident.decision")).contains("no longer the primary");
            assertThat(view.getList("recoveries")).isEmpty();
            assertThat(TestEvents.all(Topics.COMMANDS, incidentId, RecoveryRequested.class, Duration.ofSeconds(2)))
                    .as("no restore of a healthy database").isEmpty();
        } finally {
            execute("DELETE FROM db_node WHERE url = '" + old + "'");
        }
    }

    @Test
    @Order(2)
    void threeAlertsForOneComponentWithinASecondRunOneRecoveryAndTheOthersJoinIt() throws Exception {
        // Given
        String ns = kubernetes.getNamespace();
        kubernetes.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("api-service").endMetadata().withNewSpec().withReplicas(3).endSpec().build())
                .createOr(d -> d.update());

        // When
        List<String> incidents = new ArrayList<>();
        for (String name : List.of("ApiDown", "ApiHighErrorRate", "ApiLatency")) {
            incidents.add(alert(name, "api-service", "critical", "api-0:8080"));
        }

        // Then
        List<Object> recoveries = new ArrayList<>();
        List<String> decisions = new ArrayList<>();
        for (String id : incidents) {
            JsonPath view = incident(id);
            recoveries.addAll(view.getList("recoveries.recoveryId"));
            decisions.add(view.getString("incident.decision"));
        }
        assertThat(recoveries).hasSize(1);
        assertThat(decisions.subList(1, 3)).allSatisfy(d -> assertThat(d).startsWith("joined recovery "
                + recoveries.get(0)));
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveries.get(0)), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(kubernetes.apps().deployments().inNamespace(ns).withName("api-service").get().getSpec()
                .getReplicas()).isEqualTo(3);
        // And: an alert still firing once that recovery settled (these never resolve) is an outage still there: it is
        // decided again and gets a recovery of its own
        await().atMost(Duration.ofSeconds(20)).until(() -> !incident(incidents.get(1))
                .getList("recoveries.recoveryId").isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM component_recovery "
                + "WHERE component = 'api' AND expires_at > now()") == 0);
    }

    @Test
    @Order(3)
    void aWarningOnlyNotifies() {
        // When
        String incidentId = alert("ApiDown", "api-service", "warning", "api-0:8080");

        // Then
        JsonPath view = incident(incidentId);
        assertThat(view.getString("incident.decision")).contains("severity MEDIUM is below the runbook's minimum");
        assertThat(view.getList("recoveries")).isEmpty();
    }

    @Test
    @Order(4)
    void aReplicaLagAlertResyncsThatStandbyAndRequestsNoRestore() {
        // Given
        PostgresServer standby = TestInfrastructure.shared().standby();

        // When
        String incidentId = alert("PostgresReplicationLagHigh", "postgres", "critical", "127.0.0.1:" + standby.port());

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.incidentId().equals(incidentId), Duration.ofSeconds(120));
        assertThat(done.action()).isEqualTo(RecoveryAction.DATABASE_REJOIN);
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(TestEvents.all(Topics.COMMANDS, incidentId, RecoveryRequested.class, Duration.ofSeconds(1)))
                .noneMatch(r -> r.action() == RecoveryAction.RESTORE_DATABASE);
        assertThat(standby.queryLong("postgres", "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = "
                + "'streaming'")).isOne();
        assertThat(TestInfrastructure.shared().primary().queryLong("postgres", "SELECT pg_is_in_recovery()::int"))
                .isZero();
    }

    @Test
    @Order(5)
    void aPrimaryTheProbesCannotReachWhileTheStandbyStillStreamsFromItIsNotFailedOver() throws Exception {
        // Given: the standby streams from the real primary, which the applications keep writing to; the probes look
        // at a closed port (a partition seen from failover-service only)
        PostgresServer primary = TestInfrastructure.shared().primary();
        PostgresServer standby = TestInfrastructure.shared().standby();
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.queryLong("postgres",
                "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM component_recovery "
                + "WHERE component = 'database' AND expires_at > now()") == 0);
        String real = primary.jdbcUrl(DB);
        String unreachable = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + DB;

        primary.execute(DB, "CREATE TABLE IF NOT EXISTS partition_traffic (at timestamptz)");
        ScheduledExecutorService apps = Executors.newSingleThreadScheduledExecutor();
        apps.scheduleAtFixedRate(() -> primary.execute(DB, "INSERT INTO partition_traffic VALUES (now())"), 0, 100,
                TimeUnit.MILLISECONDS);

        // When
        execute("UPDATE db_node SET url = '" + unreachable + "' WHERE url = '" + real + "'");
        try {
            // Then
            OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.fingerprint().equals("probe:database") && o.detectedAt().isAfter(Instant.now()
                            .minusSeconds(30)), Duration.ofSeconds(30));
            RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                    c -> c.incidentId().equals(outage.incidentId()), Duration.ofSeconds(60));
            assertThat(done.action()).isEqualTo(RecoveryAction.DATABASE_FAILOVER);
            assertThat(done.status()).isEqualTo(RecoveryStatus.FAILED);
            assertThat(done.error()).contains("failover vetoed").contains("still receives WAL");
            assertThat(standby.queryLong("postgres", "SELECT pg_is_in_recovery()::int")).as("not promoted").isOne();
            primary.execute(DB, "CREATE TABLE IF NOT EXISTS partition_check (x int); "
                    + "INSERT INTO partition_check VALUES (1)");
            assertThat(Callers.viewer().when().get("/api/v1/audit")
                    .then().statusCode(200).extract().jsonPath().getList("action")).contains("failover-vetoed");
        } finally {
            apps.shutdownNow();
            execute("UPDATE db_node SET url = '" + real + "' WHERE url = '" + unreachable + "'");
        }
    }

    @Test
    @Order(6)
    void aPrimaryLostAgainWhileTheLastFailoverIsSettlingIsFailedOverAgainNotJoinedToIt() throws Exception {
        // Given: the last failover of the database succeeded moments ago and still holds the component (settling,
        // so lagging alerts about the old primary join it); the standby streams from the real primary
        PostgresServer primary = TestInfrastructure.shared().primary();
        PostgresServer standby = TestInfrastructure.shared().standby();
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.queryLong("postgres",
                "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1
                && count("SELECT count(*) FROM incident WHERE fingerprint = 'probe:database' AND status = 'OPEN'")
                        == 0);
        String settled = settlingFailover();
        String real = primary.jdbcUrl(DB);
        String unreachable = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + DB;
        Instant lost = Instant.now();

        // The real primary keeps writing, so its standby hears it within any receiver check (an idle primary
        // sends nothing for seconds, and the partition veto would then rightly have nothing to go by).
        primary.execute(DB, "CREATE TABLE IF NOT EXISTS settle_heartbeat (at timestamptz)");
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                primary.execute(DB, "INSERT INTO settle_heartbeat VALUES (now())");
            } catch (RuntimeException e) {
                // the next beat tries again
            }
        }, 0, 100, TimeUnit.MILLISECONDS);

        // When: the recorded primary stops answering
        execute("UPDATE db_node SET url = '" + unreachable + "' WHERE url = '" + real + "'");
        try {
            // Then: the new outage gets a failover of its own (vetoed here, as the standby still hears the primary)
            OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.fingerprint().equals("probe:database") && o.detectedAt().isAfter(lost),
                    Duration.ofSeconds(30));
            RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                    c -> c.incidentId().equals(outage.incidentId()), Duration.ofSeconds(60));
            assertThat(done.action()).isEqualTo(RecoveryAction.DATABASE_FAILOVER);
            assertThat(incident(outage.incidentId()).getString("incident.decision"))
                    .doesNotStartWith("joined recovery");
            assertThat(done.status()).as("vetoed: the real primary still streams to its standby")
                    .isEqualTo(RecoveryStatus.FAILED);
        } finally {
            heartbeat.shutdownNow();
            execute("UPDATE db_node SET url = '" + real + "' WHERE url = '" + unreachable + "'");
            execute("DELETE FROM component_recovery WHERE recovery_id = '" + settled + "'");
        }
    }

    @Test
    @Order(7)
    void aPrimaryLostWithNoStandbyWhileTheLastFailoverIsSettlingIsRebuiltNotJoinedToIt() throws Exception {
        // Given: the last failover of the database still settles; the recorded primary and standby both stop
        // answering (closed ports: the real servers are not touched, and restore-service, which would build the new
        // primary, does not run in these tests)
        PostgresServer primary = TestInfrastructure.shared().primary();
        PostgresServer standby = TestInfrastructure.shared().standby();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM incident WHERE fingerprint = "
                + "'probe:database' AND status = 'OPEN'") == 0);
        settlingFailover();
        String realPrimary = primary.jdbcUrl(DB);
        String realStandby = standby.jdbcUrl(DB);
        String lostPrimary = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + DB;
        String lostStandby = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + DB;
        Instant lost = Instant.now();

        // When
        execute("UPDATE db_node SET url = '" + lostStandby + "' WHERE url = '" + realStandby + "'");
        execute("UPDATE db_node SET url = '" + lostPrimary + "' WHERE url = '" + realPrimary + "'");
        try {
            // Then: the new outage asks restore-service for a rebuild of its own
            OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.fingerprint().equals("probe:database") && o.detectedAt().isAfter(lost),
                    Duration.ofSeconds(30));
            RecoveryRequested rebuild = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                    r -> r.incidentId().equals(outage.incidentId()), Duration.ofSeconds(30));
            assertThat(rebuild.action()).isEqualTo(RecoveryAction.DATABASE_REBUILD);
            assertThat(incident(outage.incidentId()).getString("incident.decision"))
                    .startsWith("DATABASE_REBUILD");
        } finally {
            execute("UPDATE db_node SET url = '" + realPrimary + "' WHERE url = '" + lostPrimary + "'");
            execute("UPDATE db_node SET url = '" + realStandby + "' WHERE url = '" + lostStandby + "'");
            execute("DELETE FROM component_recovery WHERE component = 'database'");
        }
    }

    /** A database failover that succeeded moments ago and still holds the component while it settles. */
    private String settlingFailover() throws Exception {
        String settled = "rec-settled-" + UUID.randomUUID();
        execute("INSERT INTO recovery_job (recovery_id, incident_id, component, action, status, requested_by, "
                + "completed_at) VALUES ('" + settled + "', 'inc-earlier', 'database', 'DATABASE_FAILOVER', "
                + "'SUCCEEDED', 'runbook', now())");
        execute("INSERT INTO component_recovery (component, recovery_id, incident_id, action, expires_at) VALUES "
                + "('database', '" + settled + "', 'inc-earlier', 'DATABASE_FAILOVER', now() + interval '5 minutes') "
                + "ON CONFLICT (component) DO UPDATE SET recovery_id = EXCLUDED.recovery_id, incident_id = "
                + "EXCLUDED.incident_id, action = EXCLUDED.action, expires_at = EXCLUDED.expires_at");
        return settled;
    }

    private void execute(String sql) throws Exception {
        try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
