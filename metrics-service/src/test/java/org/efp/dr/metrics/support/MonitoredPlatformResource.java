package org.efp.dr.metrics.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service's recovery monitoring at the {@link ProtectedPlatform}: its readiness endpoint and the real
 * Prometheus scraping it. Global to the module's tests, so Quarkus starts once.
 */
public class MonitoredPlatformResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ProtectedPlatform platform = ProtectedPlatform.shared();
        return Map.of("dr.metrics.monitor.health-urls", platform.readinessUrl(),
                "dr.metrics.monitor.prometheus-url", platform.prometheusUrl());
    }

    @Override
    public void stop() {
        // Lives as long as the JVM, like the rest of the test infrastructure.
    }
}
