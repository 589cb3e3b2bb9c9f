package org.efp.dr.metrics.rpo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.backup;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RpoExposureIT {

    @Inject
    TestClock clock;

    @Test
    void exposureGrowsWhenBackupsStopAndBreachesTheRpoBeforeAnyOutage() {
        // Given
        Events.send(clock, backup("models", clock.instant()));
        await().atMost(Events.TIMEOUT).until(() -> exposure("ml-models") == 0.0);

        // When
        clock.advance(Duration.ofMinutes(10));

        // Then
        await().atMost(Events.TIMEOUT).until(() -> exposure("ml-models") >= 600.0);
        JsonNode breach = Events.awaitMetricsEvent(Events.event("org.efp.dr.MetricThresholdBreached.v1",
                Map.of("component", "ml-models", "metric", "rpo_exposure")));
        assertThat(breach.path("data").path("incidentId").isNull()).isTrue();
        assertThat(breach.path("data").path("thresholdSeconds").asLong()).isEqualTo(300);
        assertThat(breach.path("data").path("observedSeconds").asLong()).isGreaterThanOrEqualTo(600);
    }

    @Test
    void exposureResetsWhenABackupCompletes() {
        // Given
        Events.send(clock, backup("energy_forecast", clock.instant()));
        await().atMost(Events.TIMEOUT).until(() -> exposure("database") == 0.0);
        clock.advance(Duration.ofMinutes(3));
        await().atMost(Events.TIMEOUT).until(() -> exposure("database") >= 180.0);

        // When
        Events.send(clock, backup("timeseries", clock.instant()));

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(exposure("database")).isZero());
    }

    @Test
    void walArchiveKeepsADatabasesExposureAtItsArchiveLagBetweenFullBackups() {
        // Given
        Events.send(clock, backup("energy_forecast", clock.instant()));
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Events.TIMEOUT).until(() -> exposure("database") >= 300.0);

        // When
        Events.send(clock, new WalArchived("energy_forecast", clock.instant().minusSeconds(2), "0/5000000",
                "000000010000000000000005", 1.5, clock.instant()));

        // Then
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(exposure("database")).isBetween(0.0, 2.0));
    }

    @Test
    void aWalArchivePointInTheFutureIsDeadLetteredAndDoesNotHideTheExposure() {
        // Given
        Events.send(clock, backup("energy_forecast", clock.instant()));
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Events.TIMEOUT).until(() -> exposure("database") >= 300.0);
        WalArchived skewed = new WalArchived("energy_forecast", clock.instant().plus(Duration.ofDays(1)),
                "0/6000000", "000000010000000000000006", 0.0, clock.instant());
        CloudEvent skewedEvent = EventCodec.wrap(skewed, "backup-service", clock);
        CloudEvent valid = EventCodec.wrap(backup("models", clock.instant()), "backup-service", clock);

        // When
        ServiceProbe.DeadLettered dead = ServiceProbe.poisonThenValid("dr.backups", EventCodec.encode(skewedEvent),
                EventCodec.encode(valid), valid.id(), "metrics");

        // Then
        assertThat(dead.reason()).contains("INVALID_PAYLOAD", "in the future");
        assertThat(exposure("database")).isGreaterThanOrEqualTo(300.0);
    }

    /** The value of {@code dr_rpo_exposure_seconds{component=...}} at /q/metrics, or -1 when absent or NaN. */
    static double exposure(String component) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^dr_rpo_exposure_seconds\\{[^}]*component=\"" + Pattern.quote(component)
                + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(body);
        if (!m.find() || m.group(1).equals("NaN")) {
            return -1;
        }
        return Double.parseDouble(m.group(1));
    }
}
