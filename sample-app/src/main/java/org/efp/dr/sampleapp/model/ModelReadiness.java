package org.efp.dr.sampleapp.model;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.HealthGroup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a usable model serves (energy_forecast's connection has its own check). Also alone in the
 * {@code model} group ({@code /q/health/group/model}): what failover-service probes as the ml-models component, so a
 * database outage is not taken for a lost model.
 */
@Readiness
@HealthGroup(ModelReadiness.GROUP)
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    /** The health group holding only this check. */
    public static final String GROUP = "model";

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
