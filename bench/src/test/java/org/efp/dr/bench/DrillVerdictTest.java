package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DrillVerdictTest {

    private static final Duration RTO = Duration.ofHours(1);
    private static final Duration RPO = Duration.ofMinutes(1);
    private static final Instant START = Instant.parse("2026-12-01T05:00:00Z");

    private static DrillResult judge(DrillResult.Measured measured) {
        return DrillResult.judge("live-database-failure-1", "database_failure", "database", START,
                START.plusSeconds(120), RTO, RPO, measured,
                List.of(new DrillResult.Step("killed the primary <127.0.0.1:15433>", START, 0)),
                List.of(new DrillResult.Notification("email", "oncall@example.org", "ALERT: database", "SENT")));
    }

    @Test
    void aRecoveryWithinBothObjectivesPassesWithTheMarginLeft() {
        // When
        DrillResult result = judge(new DrillResult.Measured("inc-1", 3L, 1L, 41L, 0L, 2000L, 0L, null));

        // Then
        assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(result.rtoMarginSeconds()).isEqualTo(3600 - 41);
        assertThat(result.rpoMarginSeconds()).isEqualTo(60);
        assertThat(result.detail()).isNull();
    }

    @Test
    void aRecoverySlowerThanItsRtoIsReportedMissedAndTheRunFails() throws Exception {
        // Given: recovery took longer than the hour the guide allows
        DrillResult result = judge(new DrillResult.Measured("inc-2", 30L, 5L, 3700L, 2L, 2000L, 3L, null));
        DrillReport report = new DrillReport("run-1", START, START.plusSeconds(3800), List.of(result), List.of(),
                "restore throughput not available: no successful database_recovery restore drill yet");

        // Then
        assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.MISSED);
        assertThat(result.rtoMarginSeconds()).isEqualTo(-100);
        assertThat(result.detail()).contains("recovery took 3700s, RTO is 3600s");
        assertThat(report.allPassed()).isFalse();
        assertThat(report.table()).contains("MISSED").contains("-1m 40s").contains("3 of 2000")
                .contains("capacity: restore throughput not available");
        JsonNode json = DrillReport.JSON.readTree(report.json());
        assertThat(json.at("/scenarios/0/outcome").asText()).isEqualTo("MISSED");
        assertThat(json.at("/scenarios/0/lostCommits").asLong()).isEqualTo(3);
        assertThat(json.at("/scenarios/0/notifications/0/channel").asText()).isEqualTo("email");
        assertThat(report.html()).contains("class=\"MISSED\"").contains("&lt;127.0.0.1:15433&gt;")
                .doesNotContain("<127.0.0.1:15433>");
    }

    @Test
    void losingMoreThanTheRpoIsMissedEvenWhenRecoveryWasFast() {
        // When
        DrillResult result = judge(new DrillResult.Measured("inc-3", 3L, 1L, 40L, 75L, 2000L, 900L, null));

        // Then
        assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.MISSED);
        assertThat(result.rpoMarginSeconds()).isEqualTo(-15);
        assertThat(result.detail()).contains("75s of data lost, RPO is 60s");
    }

    @Test
    void aFailureThePlatformNeverNoticedIsNotDetectedAndOneNeverMeasuredRecoveredHasFailed() {
        // When
        DrillResult unseen = judge(new DrillResult.Measured(null, null, null, null, 0L, 100L, 0L, null));
        DrillResult stuck = judge(new DrillResult.Measured("inc-4", 4L, 1L, null, 0L, 100L, 0L,
                "not measured as recovered within 15m 00s"));

        // Then
        assertThat(unseen.outcome()).isEqualTo(DrillResult.Outcome.NOT_DETECTED);
        assertThat(unseen.detail()).contains("did not detect");
        assertThat(stuck.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
        assertThat(stuck.detail()).contains("not measured as recovered");
        assertThat(new DrillReport("run-2", START, START, List.of(stuck), List.of(), "n/a").allPassed()).isFalse();
    }

    @Test
    void aRecoveryInTimeThatLeftNoStandbyForTheNextFailureHasFailed() {
        // When
        DrillResult result = judge(new DrillResult.Measured("inc-5", 2L, 0L, 20L, 0L, 900L, 0L,
                "127.0.0.1:15433 was not rejoined as a streaming standby within 3m 00s"));

        // Then
        assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
        assertThat(result.rtoMarginSeconds()).isEqualTo(3600 - 20);
        assertThat(result.detail()).contains("not rejoined");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void capacityScalesTheMeasuredRestoreThroughputToTheRto() {
        // When: 100 MB restored in 50 s, RTO one hour
        DrillReport.Capacity capacity = DrillReport.Capacity.of("database", "drill-9", 100_000_000L, 50, 3600);

        // Then
        assertThat(capacity.throughputBytesPerSecond()).isEqualTo(2_000_000.0);
        assertThat(capacity.maxDatabaseBytes()).isEqualTo(7_200_000_000L);
        assertThat(new DrillReport("run-3", START, START, List.of(), List.of(capacity), null).table())
                .contains("holds a database of up to 7.2 GB");
    }
}
