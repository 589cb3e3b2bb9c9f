package org.efp.dr.sampleapp.model;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while a usable model serves (energy_forecast's connection has its own check). */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final LiveModel live;

    public ModelReadiness(LiveModel live) {
        this.live = live;
    }

    @Override
    public HealthCheckResponse call() {
        LiveModel.Served served = live.served();
        var builder = HealthCheckResponse.named("model").status(served.usable()).withData("version", served.version());
        if (served.problem() != null) {
            builder.withData("problem", served.problem());
        }
        return builder.build();
    }
}
