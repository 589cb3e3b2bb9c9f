package org.efp.dr.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving a service the real Kafka, state database, energy_forecast primary and standby,
 * and S3 server of this test JVM, and the JVM's manifest signing key ({@link TestSigningKeys}), so that backups
 * are signed and checked in tests as they are in production. Use the same resource on every test class of a module
 * so Quarkus starts once.
 */
public class DrTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(TestInfrastructure.shared().serviceConfig());
        config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
        return config;
    }

    @Override
    public void stop() {
        // The infrastructure lives as long as the JVM: other test classes reuse it; a shutdown hook stops it.
    }
}
