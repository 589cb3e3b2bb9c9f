package org.efp.dr.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class RunbookIT {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    javax.sql.DataSource state;

    static String declare(String component) {
        return Callers.operator().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"severity\":\"CRITICAL\",\"impact\":\"down\"}")
                .when().post("/api/v1/incidents").then().statusCode(201).extract().path("incident.incidentId");
    }

    @Test
    void databaseWithStandbyInSyncPlansAFailover() {
        Callers.viewer().when().get("/api/v1/runbook/database")
                .then().statusCode(200).body("action", equalTo("DATABASE_FAILOVER"))
                .body("plan", equalTo("failover-or-restore"));
    }

    @Test
    void aDatabaseIncidentWhileThePrimaryTakesWritesRestoresNothingAndSaysWhy() {
        // When
        String incidentId = declare("database");

        // Then
        Callers.viewer().when().get("/api/v1/incidents/" + incidentId)
                .then().statusCode(200)
                .body("incident.decision", org.hamcrest.Matchers.containsString("answers and takes writes"))
                .body("recoveries", org.hamcrest.Matchers.empty());
        assertThat(TestEvents.all(Topics.COMMANDS, incidentId, RecoveryRequested.class, Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void aStandbyPausedBeyondTheRpoIsReportedByTheStandbyProbe() {
        // Given
        Infrastructure infra = TestInfrastructure.shared();
        PostgresServer primary = infra.primary();
        PostgresServer standby = infra.standby();
        standby.execute("postgres", "SELECT pg_wal_replay_pause()");
        try {
            // When
            primary.execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE IF NOT EXISTS lag_filler (x text); "
                    + "INSERT INTO lag_filler SELECT repeat('x', 1000) FROM generate_series(1, 3000)");

            // Then
            OutageDetected lagging = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.component().equals("database-standby"), Duration.ofSeconds(20));
            assertThat(lagging.impact()).contains("beyond RPO");
            assertThat(standby.queryLong("postgres", "SELECT pg_is_in_recovery()::int")).isOne();
        } finally {
            standby.execute("postgres", "SELECT pg_wal_replay_resume()");
            await().atMost(Duration.ofSeconds(30)).until(() -> standby.queryLong("postgres",
                    "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())") == 0);
        }
    }

    @Test
    void mlModelOutageRequestsAModelRestoreFromRestoreService() {
        // When
        String incidentId = declare("ml-models");

        // Then
        RecoveryRequested request = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                r -> r.incidentId().equals(incidentId), Duration.ofSeconds(20));
        assertThat(request.action()).isEqualTo(RecoveryAction.RESTORE_MODELS);
    }

    @Test
    void apiOutageRestartsItsDeploymentAndRestoresItsReplicaCount() {
        // Given
        String ns = kubernetes.getNamespace();
        kubernetes.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("api-service").endMetadata().withNewSpec().withReplicas(3).endSpec().build())
                .createOr(d -> d.update());

        // When
        String incidentId = declare("api");

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.incidentId().equals(incidentId), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.action()).isEqualTo(RecoveryAction.RESTART);
        RecoveryStepCompleted down = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.incidentId().equals(incidentId) && s.step().equals("scale-down"), Duration.ofSeconds(5));
        assertThat(down.detail()).contains("api-service 3->0");
        assertThat(kubernetes.apps().deployments().inNamespace(ns).withName("api-service").get().getSpec()
                .getReplicas()).isEqualTo(3);
    }

    @Test
    void dryRunOfADatabaseFailoverVerifiesTheStandbyAndChangesNothing() {
        // When
        String recoveryId = Callers.operator()
                .contentType(ContentType.JSON).body("{\"action\":\"DATABASE_FAILOVER\",\"dryRun\":true}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.nextSteps()).containsExactly("dry run only: nothing changed");
        assertThat(TestInfrastructure.shared().standby().queryLong("postgres", "SELECT pg_is_in_recovery()::int"))
                .isOne();
    }

    @Test
    void aSwitchoverToANodeThatIsNotARegisteredStandbyIsA400AndNothingStarts() {
        // Given
        String primary = "127.0.0.1:" + TestInfrastructure.shared().primary().port();

        // When / Then
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_SWITCHOVER\",\"target\":\"127.0.0.1:1\"}")
                .when().post("/api/v1/recoveries")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("is not a node of"));
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_FAILOVER\",\"target\":\"" + primary + "\"}")
                .when().post("/api/v1/recoveries")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("not a standby"));
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"DATABASE_REJOIN\",\"target\":\"" + primary + "\"}")
                .when().post("/api/v1/recoveries")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("current primary"));
        assertThat(TestInfrastructure.shared().standby().queryLong("postgres", "SELECT pg_is_in_recovery()::int"))
                .isOne();
    }

    @Test
    void recoveryRequestWithoutAnActionIsA400WithTheReason() {
        Callers.operator().contentType(ContentType.JSON)
                .body("{\"component\":\"api\"}").when().post("/api/v1/recoveries")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("action is required"));
    }

    @Test
    void aSecondDatabaseFailoverWhileOneIsInFlightIsRefusedWith409() throws Exception {
        // Given
        String inFlight = "rec-in-flight-" + java.util.UUID.randomUUID();
        try (java.sql.Connection c = state.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO recovery_job (recovery_id, incident_id, component, action, status, "
                    + "requested_by, wait_until) VALUES ('" + inFlight + "', 'inc', 'database', 'DATABASE_FAILOVER', "
                    + "'WAITING', 'test', now() + interval '1 hour')");
        }
        try {
            // When / Then
            Callers.operator().contentType(ContentType.JSON)
                    .body("{\"action\":\"DATABASE_FAILOVER\"}").when().post("/api/v1/recoveries")
                    .then().statusCode(409).body("error", org.hamcrest.Matchers.containsString("already in flight"));
        } finally {
            try (java.sql.Connection c = state.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE recovery_job SET status = 'FAILED' WHERE recovery_id = '" + inFlight + "'");
            }
        }
    }
}
