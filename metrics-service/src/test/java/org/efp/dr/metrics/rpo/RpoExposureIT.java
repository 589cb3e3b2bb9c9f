package org.efp.dr.metrics.rpo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.FilesCovered;
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
    void aChangeWatchKeepsUnchangedModelsWithinTheRpoHoweverOldTheirBackupAndStopsWhenAChangeIsNotBackedUp() {
        // Given: models backed up, then 10 minutes without a model backup (the guide's schedule is 12-hourly)
        Events.send(clock, backup("models", clock.instant()));
        clock.advance(Duration.ofMinutes(10));
        await().atMost(Events.TIMEOUT).until(() -> exposure("ml-models") >= 600.0);

        // When: the change watch vouches that the files are unchanged since that backup, as of a look 5 s ago
        Events.send(clock, new FilesCovered("models", BackupKind.MODELS, clock.instant().minusSeconds(5),
                clock.instant().minusSeconds(5), clock.instant()));

        // Then: nothing would be lost but those 5 s
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(exposure("ml-models")).isBetween(5.0, 6.0));

        // When: the files change and the change's backup does not complete: the watch's point stays put
        Instant lookBeforeChange = clock.instant().minusSeconds(5);
        clock.advance(Duration.ofMinutes(6));
        Events.send(clock, new FilesCovered("models", BackupKind.MODELS, lookBeforeChange, clock.instant(),
                clock.instant()));

        // Then: the exposure runs from the look before the change, past the 5 min RPO
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(exposure("ml-models")).isEqualTo(365.0));
    }

    @Test
    void configsAnswerToTheApisRpoThroughTheirChangeWatch() {
        // Given: a day-old configs backup (the guide backs configs up daily)
        Events.send(clock, backup("configs", clock.instant()));
        clock.advance(Duration.ofDays(1));
        await().atMost(Events.TIMEOUT).until(() -> exposure("api") >= 86_400.0);

        // When
        Events.send(clock, new FilesCovered("configs", BackupKind.CONFIGS, clock.instant().minusSeconds(10),
                clock.instant().minusSeconds(10), clock.instant()));

        // Then: within the API's 1 min RPO
        await().atMost(Events.TIMEOUT).untilAsserted(() -> assertThat(exposure("api")).isBetween(10.0, 11.0));
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
