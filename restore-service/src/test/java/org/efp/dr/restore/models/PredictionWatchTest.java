package org.efp.dr.restore.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PrometheusServer;
import org.junit.jupiter.api.Test;

/** The watch fails safe: a Prometheus that does not answer or never saw the version is never taken for healthy. */
class PredictionWatchTest {

    @Test
    void aPrometheusThatDoesNotAnswerEndsTheWatchAsNotWatched() throws Exception {
        // Given
        String nobody = "http://127.0.0.1:" + Ports.free();
        PredictionWatch watch = new PredictionWatch(monitor(Duration.ofMinutes(10)),
                Optional.of(new PrometheusQuery(nobody, Duration.ofSeconds(1))), Clock.systemUTC());

        // When
        Instant start = Instant.now();
        PredictionWatch.Verdict verdict = watch.watch("v1");

        // Then: given up after the configured unanswered queries, long before the window
        assertThat(verdict.outcome()).isEqualTo(PredictionWatch.Outcome.NOT_WATCHED);
        assertThat(verdict.detail()).contains("did not answer 3 times", "not confirmed healthy");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aVersionPrometheusNeverSawIsNotConfirmedHealthyAtTheEndOfTheWindow() throws Exception {
        // Given
        Path home = Files.createDirectories(Path.of("target", "watch-prometheus-" + ProcessHandle.current().pid()));
        try (PrometheusServer prometheus = new PrometheusServer(home, Ports.free(), new PrometheusServer.Settings(
                Map.of(), List.of(), null, Duration.ofSeconds(1))).start()) {
            PredictionWatch watch = new PredictionWatch(monitor(Duration.ofSeconds(2)),
                    Optional.of(new PrometheusQuery(prometheus.url(), Duration.ofSeconds(2))), Clock.systemUTC());

            // When
            PredictionWatch.Verdict verdict = watch.watch("v1");

            // Then
            assertThat(verdict.outcome()).isEqualTo(PredictionWatch.Outcome.NOT_WATCHED);
            assertThat(verdict.detail()).contains("never had metrics of model v1");
        }
    }

    @Test
    void withoutAPrometheusTheWatchSaysSoAtOnce() throws Exception {
        // When
        PredictionWatch.Verdict verdict = new PredictionWatch(monitor(Duration.ofHours(1)), Optional.empty(),
                Clock.systemUTC()).watch("v1");

        // Then
        assertThat(verdict.outcome()).isEqualTo(PredictionWatch.Outcome.NOT_WATCHED);
        assertThat(verdict.detail()).contains("no Prometheus configured");
    }

    private static RestoreSettings.Monitor monitor(Duration window) {
        return new RestoreSettings.Monitor() {
            public Optional<String> prometheusUrl() {
                return Optional.empty();
            }

            public Duration window() {
                return window;
            }

            public Duration interval() {
                return Duration.ofMillis(300);
            }

            public String job() {
                return "sample-app";
            }

            public Duration rateWindow() {
                return Duration.ofSeconds(5);
            }

            public double maxErrorRate() {
                return 0.05;
            }

            public Duration maxLatencyP95() {
                return Duration.ofSeconds(2);
            }

            public double maxMeanAbsoluteErrorMw() {
                return 5;
            }

            public int maxUnanswered() {
                return 3;
            }

            public Duration queryTimeout() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
