package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

/**
 * Kill the energy_forecast primary with failover-service's own probes off: the exporter stops seeing it, the shipped
 * Prometheus rule fires, the shipped Alertmanager route delivers it to failover-service's webhook, the standby is
 * promoted and takes the client's writes, the guide's contacts get mail, and metrics-service measures the time to
 * detect from the alert's start, not from a probe.
 */
class AlertChainIT {

    @Test
    void aKilledPrimaryIsDetectedByTheShippedAlertFailedOverAnnouncedAndMeasured() throws Exception {
        Path work = Path.of("target", "alert-chain").toAbsolutePath();
        Bench.delete(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                AlertChain chain = new AlertChain(infra, work, AlertChain.checkout())) {
            // Given
            chain.startWriting();
            chain.awaitPrimaryWatched();
            int mailsBefore = chain.mails().size();

            // When
            AlertChain.Outage outage = chain.killPrimary();
            System.out.println("alert chain: " + outage);

            // Then: the alert declared it (not a probe), from when the rule saw the primary down
            assertThat(outage.source()).startsWith("alertmanager");
            assertThat(outage.outageStartedAt()).isAfterOrEqualTo(outage.killedAt().minusSeconds(1));
            // dated from when the rule first held, not from when its 10 s pending time ended
            assertThat(Duration.between(outage.outageStartedAt(), outage.detectedAt())).isGreaterThanOrEqualTo(
                    Duration.ofSeconds(10));
            assertThat(outage.promoted()).isNotEqualTo(outage.killed());
            // metrics-service measures the detection from the alert's start to the declaration
            JsonNode measured = chain.measured(outage.incidentId());
            assertThat(measured.path("timeToDetectSeconds").asLong()).isEqualTo(
                    Duration.between(outage.outageStartedAt(), outage.detectedAt()).toSeconds());
            // the guide's contacts were told
            await("the notifier's mail about the outage").atMost(Duration.ofSeconds(60))
                    .until(() -> chain.mails().size() > mailsBefore);
        }
    }
}
