package org.efp.dr.notifier.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.MetricThresholdBreached;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.template.TemplateCatalog;
import org.junit.jupiter.api.Test;

class NoticeFactoryTest {

    private static final SeedConfig SEED = SeedConfig.load(null, Map.of());
    private static final NoticeFactory FACTORY = new NoticeFactory(
            TemplateCatalog.load(SEED.templates(), null, Map.of()), SEED.objectives(), component -> "follow the runbook");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aSuccessfulRecoveryFillsTheGuidesRecoveryCompletedTemplateWithTheIncidentsSeverity() {
        // Given
        ReceivedEvent event = received(new RecoveryCompleted("inc-7", "rec-7", "database",
                RecoveryAction.DATABASE_FAILOVER, RecoveryStatus.SUCCEEDED, T0, T0.plusSeconds(754), "standby", T0,
                0L, null, List.of("rebuild the old primary as standby", "review alert thresholds")));

        // When
        Notice notice = FACTORY.from(event, incident -> Optional.of(Severity.CRITICAL)).orElseThrow();

        // Then
        assertThat(notice.template()).isEqualTo("recovery_completed");
        assertThat(notice.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(notice.dedupKey()).isEqualTo("inc-7:recovery_completed:rec-7");
        assertThat(notice.body()).isEqualTo("""
                UPDATE: Recovery completed
                Time: 2026-03-01T10:12:34Z
                Component: database
                Duration: 12m 34s
                Status: SUCCEEDED
                Next Steps: rebuild the old primary as standby; review alert thresholds""");
    }

    @Test
    void aFailedRecoveryIsACriticalRecoveryFailedNoticeWithItsError() {
        // Given
        ReceivedEvent event = received(new RecoveryCompleted("inc-8", "rec-8", "api", RecoveryAction.RESTART,
                RecoveryStatus.FAILED, T0, T0.plusSeconds(60), null, null, null, "pods crash-looping", List.of()));

        // When
        Notice notice = FACTORY.from(event, incident -> Optional.of(Severity.MEDIUM)).orElseThrow();

        // Then
        assertThat(notice.template()).isEqualTo("recovery_failed");
        assertThat(notice.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(notice.body()).contains("ALERT: Recovery failed", "Status: FAILED", "Error: pods crash-looping",
                "Next Steps: none");
    }

    @Test
    void aDrillResultShowsMeasuredAgainstObjectives() {
        // Given
        ReceivedEvent event = received(new DrillCompleted("drill-3", "database-failover", "scheduled", true, T0,
                T0.plusSeconds(300), 300, 95L, 20L, 3600L, 60L, null));

        // When
        Notice notice = FACTORY.from(event, incident -> Optional.empty()).orElseThrow();

        // Then
        assertThat(notice.template()).isEqualTo("drill_result");
        assertThat(notice.severity()).isEqualTo(Severity.LOW);
        assertThat(notice.body()).contains("DRILL: database-failover (scheduled) PASSED", "Duration: 5m",
                "Measured RTO: 1m 35s (objective 1h)", "Measured RPO: 20s (objective 1m)");
    }

    @Test
    void aThresholdBreachDuringAnIncidentIsGroupedWithThatIncident() {
        // Given
        ReceivedEvent event = received(new MetricThresholdBreached("inc-9", "api", "time_to_recover", Severity.HIGH,
                3600, 4000, true, T0));

        // When
        Notice notice = FACTORY.from(event, incident -> Optional.empty()).orElseThrow();

        // Then
        assertThat(notice.groupKey()).isEqualTo("inc-9");
        assertThat(notice.dedupKey()).isEqualTo("inc-9:threshold_breached:time_to_recover");
        assertThat(notice.body()).contains("Metric: time_to_recover", "Threshold: 1h", "Observed: 1h 6m",
                "Incident open: yes");
    }

    private static ReceivedEvent received(DrEvent payload) {
        return EventCodec.decode(EventCodec.encode(EventCodec.wrap(payload, "test", Clock.systemUTC())));
    }
}
