package org.efp.dr.metrics.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.completed;
import static org.efp.dr.metrics.support.Incidents.outage;
import static org.efp.dr.metrics.support.Incidents.started;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.MonitoredPlatformResource;
import org.efp.dr.metrics.support.ProtectedPlatform;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(value = MonitoredPlatformResource.class, scope = TestResourceScope.GLOBAL)
class RecoveryMonitoringIT {

    private static final List<String> GUIDE_SIGNALS = List.of("service_health", "data_integrity",
            "api_latency", "error_rates", "model_performance");

    @Inject
    TestClock clock;

    @Inject
    PrometheusCheck prometheus;

    private final ProtectedPlatform platform = ProtectedPlatform.shared();

    @AfterEach
    void platformHealthyAgain() {
        platform.healthy();
    }

    @Test
    void aDatabaseRecoveryOnAHealthyPlatformPassesItsMonitoringAndThenCountsAsRecovered() {
        // Given
        String id = "inc-" + UUID.randomUUID();
        Instant start = clock.instant().minusSeconds(900);

        // When
        recover(id, "database", start);

        // Then
        JsonNode monitored = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMonitored.v1",
                Map.of("incidentId", id, "verdict", "PASSED")));
        Map<String, JsonNode> signals = signals(monitored);
        assertThat(signals).containsOnlyKeys(GUIDE_SIGNALS);
        assertThat(signals.values()).allSatisfy(s -> assertThat(s.path("verdict").asText()).isEqualTo("PASSED"));
        assertThat(signals.get("api_latency").path("value").asDouble()).isCloseTo(0.12, org.assertj.core.data.Offset
                .offset(0.001));
        assertThat(signals.get("api_latency").path("threshold").asDouble()).isEqualTo(0.5);
        assertThat(signals.get("error_rates").path("value").asDouble()).isZero();
        assertThat(signals.get("model_performance").path("value").asDouble()).isEqualTo(3.87);
        assertThat(signals.get("data_integrity").path("detail").asText()).contains("writable")
                .contains("4 of 4 tables");
        JsonPath incident = awaitIncident(id, "RECOVERED");
        assertThat(incident.getString("monitoring")).isEqualTo("PASSED");
        assertThat(incident.getLong("timeToRecoverSeconds")).isEqualTo(900);
        Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMetrics.v1",
                Map.of("incidentId", id, "state", "RECOVERED", "monitoring", "PASSED")));
        assertThat(io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("dr_recovery_monitoring_total\\{component=\"database\",verdict=\"PASSED\"[^}]*} "
                        + "[1-9]");
    }

    @Test
    void aRecoveryWhoseServiceStaysDownFailsItsMonitoringRaisesAnAlertAndIsNotCountedAsRecovered() {
        // Given
        platform.ready(false);
        String id = "inc-" + UUID.randomUUID();

        // When
        recover(id, "api", clock.instant().minusSeconds(300));

        // Then
        JsonNode breach = Events.awaitMetricsEvent(Events.event("org.efp.dr.MetricThresholdBreached.v1",
                Map.of("incidentId", id, "metric", "recovery_monitoring")));
        assertThat(breach.path("data").path("detail").asText()).contains("service_health FAILED")
                .contains(platform.readinessUrl() + " answered 503");
        assertThat(breach.path("data").path("incidentOpen").asBoolean()).isTrue();
        JsonNode monitored = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMonitored.v1",
                Map.of("incidentId", id, "verdict", "FAILED")));
        assertThat(monitored.path("data").path("attempts").asInt()).isGreaterThan(1);
        assertThat(signals(monitored).get("service_health").path("verdict").asText()).isEqualTo("FAILED");
        JsonPath incident = awaitIncident(id, "RECOVERY_FAILED");
        assertThat(incident.getString("monitoring")).isEqualTo("FAILED");
        assertThat(incident.getString("timeToRecoverSeconds")).isNull();
        assertThat(Callers.viewer().get("/incidents?open=true&limit=1000").then().statusCode(200).extract()
                .jsonPath().getList("incidentId")).contains(id);
    }

    @Test
    void aModelPerformanceQueryOutOfBoundsFailsTheMonitoring() {
        // Given: Prometheus has scraped the degraded model error
        platform.mapePercent(25.0);
        await().atMost(Events.TIMEOUT).until(() -> Optional.ofNullable(prometheus.check("model_performance",
                prometheus.queries().get("model_performance")).value()).orElse(0.0) == 25.0);
        String id = "inc-" + UUID.randomUUID();

        // When
        recover(id, "ml-models", clock.instant().minusSeconds(300));

        // Then
        JsonNode monitored = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMonitored.v1",
                Map.of("incidentId", id, "verdict", "FAILED")));
        JsonNode model = signals(monitored).get("model_performance");
        assertThat(model.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(model.path("value").asDouble()).isEqualTo(25.0);
        assertThat(model.path("threshold").asDouble()).isEqualTo(10.0);
        assertThat(signals(monitored).get("service_health").path("verdict").asText()).isEqualTo("PASSED");
        assertThat(awaitIncident(id, "RECOVERY_FAILED").getString("monitoring")).isEqualTo("FAILED");
    }

    @Test
    void checksAreRepeatedWhileTheyFailAndPassOnceTheServiceIsReadyAgainWithinTheWindow() {
        // Given: the recovery completed while its service is not ready yet
        platform.ready(false);
        String id = "inc-" + UUID.randomUUID();
        recover(id, "api", clock.instant().minusSeconds(300));
        await().atMost(Events.TIMEOUT).untilAsserted(() -> {
            JsonPath monitoring = monitoring(id);
            assertThat(monitoring.getString("[0].status")).isEqualTo("PENDING");
            assertThat(monitoring.getInt("[0].attempts")).isGreaterThanOrEqualTo(1);
        });
        assertThat(incident(id).getString("state")).isEqualTo("MONITORING");

        // When
        platform.ready(true);

        // Then
        JsonPath incident = awaitIncident(id, "RECOVERED");
        assertThat(incident.getString("monitoring")).isEqualTo("PASSED");
        assertThat(monitoring(id).getString("[0].status")).isEqualTo("PASSED");
        assertThat(monitoring(id).getInt("[0].attempts")).isGreaterThan(1);
    }

    @Test
    void aMonitoringLeftPendingByAStoppedInstanceGoesOnWithTheWindowItHadAndFailsOnceItHasEnded() throws Exception {
        // Given: an instance that stopped mid-window left the monitoring of a recovery in the table; its window has
        // ended since, and the service is still not ready
        platform.ready(false);
        String id = "inc-" + UUID.randomUUID();
        Instant startedBefore = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(600);
        try (Connection db = TestInfrastructure.shared().stateDb().connect(Infrastructure.STATE_DATABASE);
                PreparedStatement insert = db.prepareStatement("INSERT INTO metrics.recovery_monitor (incident_id, "
                        + "recovery_id, component, status, attempts, started_at, window_ends_at, next_check_at) "
                        + "VALUES (?, ?, 'api', 'PENDING', 7, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "rec-" + id);
            insert.setTimestamp(3, Timestamp.from(startedBefore));
            insert.setTimestamp(4, Timestamp.from(startedBefore.plusSeconds(300)));
            insert.setTimestamp(5, Timestamp.from(startedBefore.plusSeconds(290)));
            insert.executeUpdate();
        }

        // When: its completion is read again (the offset was not committed before the stop)
        recover(id, "api", clock.instant().minusSeconds(300));

        // Then: one more round, no new window
        JsonNode monitored = Events.awaitMetricsEvent(Events.event("org.efp.dr.RecoveryMonitored.v1",
                Map.of("incidentId", id, "verdict", "FAILED")));
        assertThat(monitored.path("data").path("attempts").asInt()).isEqualTo(8);
        assertThat(Instant.parse(monitored.path("data").path("startedAt").asText()))
                .isEqualTo(startedBefore);
        assertThat(awaitIncident(id, "RECOVERY_FAILED").getString("monitoring")).isEqualTo("FAILED");
    }

    @Test
    void aQueryWithoutSamplesIsNoDataAndNeverAPass() {
        // Given
        MonitorConfig.Query absent = new MonitorConfig.Query() {
            @Override
            public String promql() {
                return "max(efp_metric_nobody_exports)";
            }

            @Override
            public Optional<Double> max() {
                return Optional.of(1.0);
            }

            @Override
            public Optional<Double> min() {
                return Optional.empty();
            }

            @Override
            public String unit() {
                return "value";
            }
        };

        // When
        Signal signal = prometheus.check("model_performance", absent);

        // Then
        assertThat(signal.verdict()).isEqualTo(Signal.NO_DATA);
        assertThat(signal.passed()).isFalse();
        assertThat(signal.value()).isNull();
        assertThat(signal.detail()).contains("returned no samples");
    }

    private void recover(String id, String component, Instant start) {
        Events.send(clock, outage(id, component, Severity.HIGH, start, start.plusSeconds(60)),
                started(id, component, start.plusSeconds(120)),
                completed(id, component, start.plusSeconds(120), start.plusSeconds(900).isAfter(clock.instant())
                        ? clock.instant() : start.plusSeconds(900), 0));
    }

    private static Map<String, JsonNode> signals(JsonNode monitored) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        monitored.path("data").path("signals").forEach(s -> byName.put(s.path("name").asText(), s));
        return byName;
    }

    private static JsonPath awaitIncident(String id, String state) {
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(incident(id).getString("state"))
                .isEqualTo(state));
        return incident(id);
    }

    private static JsonPath incident(String id) {
        return Callers.viewer().get("/incidents/{id}", id).then().extract().jsonPath();
    }

    private static JsonPath monitoring(String id) {
        return Callers.viewer().get("/incidents/{id}/monitoring", id).then().statusCode(200).extract().jsonPath();
    }
}
