package org.efp.dr.metrics.monitor;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryMonitored.Signal;

/**
 * One round of the guide's checks after a recovery: service health, data integrity (after a database recovery)
 * and the PromQL signals (model performance, API latency, error rates).
 */
@ApplicationScoped
public class RecoveryChecks {

    private final ServiceHealthCheck health;
    private final DataIntegrityCheck integrity;
    private final PrometheusCheck prometheus;

    public RecoveryChecks(ServiceHealthCheck health, DataIntegrityCheck integrity, PrometheusCheck prometheus) {
        this.health = health;
        this.integrity = integrity;
        this.prometheus = prometheus;
    }

    public List<Signal> run(String component) {
        List<Signal> signals = new ArrayList<>();
        signals.add(health.check());
        if (integrity.appliesTo(component)) {
            signals.add(integrity.check());
        }
        signals.addAll(prometheus.checkAll());
        return signals;
    }
}
