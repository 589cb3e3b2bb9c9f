package org.efp.dr.sampleapp.forecast;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forecast requests by the model version that answered them, for Prometheus: {@code forecast_requests_total}
 * (outcome ok or error) and the {@code forecast_request_duration_seconds} histogram. The version label lets a
 * watch after a model restore look at the restored version only.
 */
@ApplicationScoped
public class ForecastMetrics {

    private final MeterRegistry registry;

    public ForecastMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void served(String version, boolean ok, Duration took) {
        Counter.builder("forecast.requests").description("Forecast requests by model version and outcome")
                .tag("model_version", version).tag("outcome", ok ? "ok" : "error").register(registry).increment();
        Timer.builder("forecast.request.duration").description("Time to answer a forecast request")
                .tag("model_version", version).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(took);
    }
}
