package org.efp.dr.failover.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.efp.dr.common.events.Severity;
import org.junit.jupiter.api.Test;

class AlertMappingTest {

    private final AlertMapping mapping = new AlertMapping("component", "severity", Map.of("postgres", "database"),
            Map.of("warning", "MEDIUM"));

    private static AlertmanagerWebhook.Alert alert(Map<String, String> labels, Instant startsAt) {
        return new AlertmanagerWebhook.Alert("firing", labels, Map.of(), startsAt, null, null, "fp1");
    }

    @Test
    void mapsLabelValuesToComponentAndSeverity() {
        // When
        Declaration d = mapping.declaration(alert(Map.of("component", "postgres", "severity", "warning",
                "alertname", "PgDown"), Instant.parse("2026-01-01T00:00:00Z")), Instant.parse("2026-01-01T00:01:00Z"),
                null);

        // Then
        assertThat(d.component()).isEqualTo("database");
        assertThat(d.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(d.impact()).isEqualTo("PgDown");
        assertThat(d.fingerprint()).isEqualTo("alertmanager:fp1");
        assertThat(d.outageStartedAt()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void fallsBackToTheServiceLabelAndHighSeverity() {
        // When
        Declaration d = mapping.declaration(alert(Map.of("service", "cache"), Instant.EPOCH), Instant.EPOCH, null);

        // Then
        assertThat(d.component()).isEqualTo("cache");
        assertThat(d.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void alertStartingInTheFutureStartsWhenReceived() {
        // When
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Declaration d = mapping.declaration(alert(Map.of("job", "api"), now.plusSeconds(30)), now, null);

        // Then
        assertThat(d.outageStartedAt()).isEqualTo(now);
    }

    @Test
    void theOutageStartsWhenTheRuleFirstSawItNotWhenItsPendingTimeEnded() {
        // Given: a rule that holds 10 s before it fires, as the shipped primary-down rule does
        Instant fired = Instant.parse("2026-01-01T00:00:30Z");
        AlertmanagerWebhook.Alert alert = new AlertmanagerWebhook.Alert("firing", Map.of("component", "postgres"),
                Map.of(AlertMapping.PENDING_ANNOTATION, "10s"), fired, null, null, "fp2");

        // When
        Declaration d = mapping.declaration(alert, fired.plusSeconds(5), null);

        // Then
        assertThat(d.outageStartedAt()).isEqualTo("2026-01-01T00:00:20Z");
        assertThat(d.detectedAt()).isEqualTo("2026-01-01T00:00:35Z");
    }

    @Test
    void aPendingTimeThatIsNotAPlainDurationIsIgnored() {
        // Given
        Instant fired = Instant.parse("2026-01-01T00:00:30Z");
        AlertmanagerWebhook.Alert alert = new AlertmanagerWebhook.Alert("firing", Map.of("component", "postgres"),
                Map.of(AlertMapping.PENDING_ANNOTATION, "ten seconds"), fired, null, null, "fp3");

        // When
        Declaration d = mapping.declaration(alert, fired, null);

        // Then
        assertThat(d.outageStartedAt()).isEqualTo(fired);
    }

    @Test
    void alertWithoutAnyComponentLabelIsRejected() {
        assertThatThrownBy(() -> mapping.declaration(alert(Map.of("x", "y"), Instant.EPOCH), Instant.EPOCH, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("component");
    }
}
