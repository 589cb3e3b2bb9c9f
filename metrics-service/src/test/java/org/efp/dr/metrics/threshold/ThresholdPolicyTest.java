package org.efp.dr.metrics.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.IncidentMeasures;
import org.efp.dr.metrics.model.RecoveryRun;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private final ThresholdPolicy policy = new ThresholdPolicy(SeedConfig.load(null, Map.of()));

    @Test
    void openHighIncidentPastFourHoursBreachesTimeToRecoverAndTheDatabaseRto() {
        // Given
        Incident incident = outage("database", Severity.HIGH, 60);
        Instant now = START.plusSeconds(4 * 3600 + 1);

        // When
        List<Breach> breaches = policy.breaches(incident, measure(incident, now), now);

        // Then
        assertThat(breaches).containsExactlyInAnyOrder(
                new Breach(Breach.TIME_TO_RESPOND, 900, 4 * 3600 + 1 - 60, true),
                new Breach(Breach.TIME_TO_RECOVER, 4 * 3600, 4 * 3600 + 1, true),
                new Breach(Breach.RTO, 3600, 4 * 3600 + 1, true));
    }

    @Test
    void recoveredIncidentWithinEveryLimitBreachesNothing() {
        // Given
        Incident incident = recovered(outage("api", Severity.CRITICAL, 120), 600, 800, 0L);
        Instant now = START.plusSeconds(86_400);

        // When
        List<Breach> breaches = policy.breaches(incident, measure(incident, now), now);

        // Then
        assertThat(breaches).isEmpty();
    }

    @Test
    void slowDetectionAndDataLossAreBreachesOfTheGuideAndOfTheComponentRpo() {
        // Given
        Incident incident = recovered(outage("ml-models", Severity.MEDIUM, 400), 500, 900, 301L);

        // When
        List<Breach> breaches = policy.breaches(incident, measure(incident, START), START);

        // Then
        assertThat(breaches).extracting(Breach::metric)
                .containsExactlyInAnyOrder(Breach.TIME_TO_DETECT, Breach.DATA_LOSS, Breach.RPO);
    }

    @Test
    void nextDeadlineOfAnUnansweredIncidentIsItsResponseDeadline() {
        // Given
        Incident incident = outage("cache", Severity.CRITICAL, 30);

        // When
        Optional<Instant> next = policy.nextDeadline(incident, START.plusSeconds(60));

        // Then
        assertThat(next).contains(START.plusSeconds(300));
    }

    static Incident outage(String component, Severity severity, long detectedAfter) {
        return Incident.unknown("inc-1").withOutage(new OutageDetected("inc-1", component, severity, "down", "probe",
                START, START.plusSeconds(detectedAfter), "fp"));
    }

    static Incident recovered(Incident incident, long startedAfter, long completedAfter, Long dataLoss) {
        return new Incident(incident.incidentId(), incident.component(), incident.severity(),
                incident.outageStartedAt(), incident.detectedAt(), List.of(new RecoveryRun("rec-1",
                        incident.component(), START.plusSeconds(startedAfter), START.plusSeconds(completedAfter),
                        RecoveryStatus.SUCCEEDED, null, dataLoss)));
    }

    private IncidentMeasures measure(Incident incident, Instant now) {
        return IncidentMeasures.of(incident, policy.objective(incident.component()), now);
    }
}
