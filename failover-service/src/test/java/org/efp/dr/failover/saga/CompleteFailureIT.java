package org.efp.dr.failover.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.Deployments;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

/**
 * Separate outages that add up to a complete failure: the runbook's complete-failure components (here ml-models,
 * cache and api, which this service's tests can break) each start their own recovery; once all three are being
 * recovered, failover-service declares one CRITICAL incident of everything and runs the system-recovery saga, whose
 * steps adopt the recoveries already under way instead of asking for them twice, and which closes that incident when
 * everything is back.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
@TestProfile(CompleteFailureIT.Profile.class)
class CompleteFailureIT {

    /** The complete failure on, over components this test recovers; probes off (the outages are declared). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dr.failover.runbook.complete-failure", "true",
                    "dr.failover.runbook.file", "src/test/resources/complete-failure-runbook.yaml",
                    "dr.failover.probes.enabled", "false");
        }
    }

    @Inject
    KubernetesClient kubernetes;

    private Deployments deployments() {
        return new Deployments(kubernetes);
    }

    private static String declare(String component) {
        return Callers.operator().contentType(ContentType.JSON)
                .body("{\"component\":\"" + component + "\",\"severity\":\"CRITICAL\",\"impact\":\"lost\"}")
                .when().post("/api/v1/incidents").then().statusCode(201).extract().path("incident.incidentId");
    }

    private static void complete(RecoveryRequested request, RecoveryStatus status) {
        Instant now = Instant.now();
        TestEvents.send(Topics.RECOVERIES, request.incidentId(), EventCodec.encode(EventCodec.wrap(
                new RecoveryCompleted(request.incidentId(), request.recoveryId(), request.component(),
                        request.action(), status, now, now, null, null, null, null, List.of()), "restore-service",
                Clock.systemUTC())));
    }

    /** restore-service's word that the restored model serves, before its watch ends the restore. */
    private static void serving(RecoveryRequested request) {
        Instant now = Instant.now();
        TestEvents.send(Topics.RECOVERIES, request.incidentId(), EventCodec.encode(EventCodec.wrap(
                new RecoveryStepCompleted(request.incidentId(), request.recoveryId(), RecoveryStepCompleted.SERVING, 4,
                        RecoveryStatus.SUCCEEDED, now, now, "serves"), "restore-service", Clock.systemUTC())));
    }

    /** The deployments as a complete failure left them: the cache restarted, ml-service and the ingress down. */
    private void deploymentsAsLost() {
        deployments().set("redis", 1);
        deployments().set("api-service", 3);
        deployments().set("ml-service", 0);
        deployments().set("ingress-controller", 0);
    }

    @Test
    void componentsLostTogetherAreOneCompleteFailureWhoseSagaAdoptsTheirRecoveriesAndEndsIt() {
        // Given
        deploymentsAsLost();
        String models = declare("ml-models");
        RecoveryRequested modelRestore = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                r -> r.incidentId().equals(models), Duration.ofSeconds(20));
        String cache = declare("cache");
        RecoveryCompleted cacheRestart = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.incidentId().equals(cache), Duration.ofSeconds(30));
        assertThat(cacheRestart.status()).isEqualTo(RecoveryStatus.SUCCEEDED);

        // When: the third component is lost too (the cache, repaired already, was still lost with them)
        String api = declare("api");

        // Then: one complete failure, declared from the three
        OutageDetected everything = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("everything") && o.impact().contains(api), Duration.ofSeconds(20));
        assertThat(everything.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(everything.impact()).contains(models).contains(cache).contains(api);
        RecoveryStarted started = TestEvents.await(Topics.RECOVERIES, RecoveryStarted.class,
                s -> s.incidentId().equals(everything.incidentId()), Duration.ofSeconds(20));
        assertThat(started.action()).isEqualTo(RecoveryAction.SYSTEM_RECOVERY);
        String sagaId = started.recoveryId();

        // The primary takes writes: nothing is restored over it
        RecoveryStepCompleted databases = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(sagaId) && s.step().equals("databases"), Duration.ofSeconds(30));
        assertThat(databases.detail()).contains("the primary takes writes");
        assertThat(deployments().replicas("ingress-controller")).as("infrastructure scaled up first").isPositive();
        RecoveryStepCompleted cacheStep = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(sagaId) && s.step().equals("cache"), Duration.ofSeconds(30));
        assertThat(cacheStep.detail()).contains("adopted recovery " + cacheRestart.recoveryId());

        // The models step waits on the restore already under way until the restored model serves; the services
        // do not wait for the watch after it
        serving(modelRestore);
        RecoveryCompleted saga = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(sagaId), Duration.ofSeconds(40));
        assertThat(saga.status()).as(String.valueOf(saga.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        RecoveryStepCompleted modelsStep = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(sagaId) && s.step().equals("models"), Duration.ofSeconds(5));
        assertThat(modelsStep.detail()).contains("adopted recovery " + modelRestore.recoveryId())
                .contains("serves again");
        complete(modelRestore, RecoveryStatus.SUCCEEDED);
        // api's restart does not scale ml-service: the services step does
        assertThat(deployments().replicas("ml-service")).isPositive();
        for (String incident : List.of(models, cache, api, everything.incidentId())) {
            assertThat(TestEvents.all(Topics.COMMANDS, incident, RecoveryRequested.class, Duration.ofSeconds(1)))
                    .as("no recovery asked for twice").extracting(RecoveryRequested::recoveryId)
                    .noneMatch(id -> id.startsWith(sagaId) && (id.endsWith("databases") || id.endsWith("cache")
                            || id.endsWith("models")));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Callers.viewer()
                .when().get("/api/v1/incidents/" + everything.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
    }

    @Test
    void aRecoveryNotAskedForByTheRunbookDoesNotEndTheCompleteFailure() {
        // Given: a complete failure
        deploymentsAsLost();
        String models = declare("ml-models");
        RecoveryRequested modelRestore = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                r -> r.incidentId().equals(models), Duration.ofSeconds(20));
        declare("cache");
        String api = declare("api");
        OutageDetected everything = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("everything") && o.impact().contains(api), Duration.ofSeconds(20));

        // When: an operator's dry run of a system recovery names its incident and succeeds
        String dryRun = Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"SYSTEM_RECOVERY\",\"incidentId\":\"" + everything.incidentId()
                        + "\",\"dryRun\":true}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");
        for (String step : List.of("databases", "models")) {
            // restore-service's parts of the dry run, answered here
            RecoveryRequested part = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                    r -> r.recoveryId().equals(dryRun + ":" + step), Duration.ofSeconds(30));
            assertThat(part.dryRun()).isTrue();
            complete(part, RecoveryStatus.SUCCEEDED);
        }
        RecoveryCompleted dry = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(dryRun), Duration.ofSeconds(40));

        // Then: the complete failure is still open; its own saga waits for the model restore
        assertThat(dry.status()).isEqualTo(RecoveryStatus.SUCCEEDED);
        Callers.viewer().when().get("/api/v1/incidents/" + everything.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("OPEN"));
        complete(modelRestore, RecoveryStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Callers.viewer()
                .when().get("/api/v1/incidents/" + everything.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
    }
}
