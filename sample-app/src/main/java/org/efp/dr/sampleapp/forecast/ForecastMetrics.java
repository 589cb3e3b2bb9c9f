package org.efp.dr.sampleapp.forecast;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forecast requests by the model version that answered them, for Prometheus: {@code forecast_requests_total}
 * and the {@code forecast_request_duration_seconds} histogram. The version label lets a watch after a model restore
 * look at the restored version only. Outcome {@code ok}; {@code error} when the model could not answer (no usable
 * model); {@code unavailable} when energy_forecast did not answer, which says nothing about the model.
 */
@ApplicationScoped
public class ForecastMetrics {

    private final MeterRegistry registry;

    public ForecastMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** How a forecast request ended. */
    public enum Outcome {
        OK, ERROR, UNAVAILABLE
    }

    public void served(String version, Outcome outcome, Duration took) {
        Counter.builder("forecast.requests").description("Forecast requests by model version and outcome")
                .tag("model_version", version).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
        Timer.builder("forecast.request.duration").description("Time to answer a forecast request")
                .tag("model_version", version).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(took);
    }
}
