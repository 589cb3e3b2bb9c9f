package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving a service the real Kafka, state database, energy_forecast primary and standby,
 * and S3 server of this test JVM, and the JVM's manifest signing key ({@link TestSigningKeys}), so that backups
 * are signed and checked in tests as they are in production. Use the same resource on every test class of a module
 * so Quarkus starts once. The service authenticates to Kafka as its own principal (named by its
 * {@code dr.service.name}), so the tests run under the same ACLs as production.
 */
public class DrTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Infrastructure infra = TestInfrastructure.shared();
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
        String service = serviceName();
        config.put("dr.kafka.username", service);
        config.put("dr.kafka.password", infra.kafka().password(service));
        config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
        if ("restore-service".equals(service)) {
            // Its scratch and live model directories belong to this run (two checkouts testing at once must not
            // restore into each other's models), where the database user can reach them.
            Path root = infra.layout().root();
            config.put("dr.restore.work-dir", OsCommand.ownedDirectory(root.resolve("restore-work")).toString());
            config.put("dr.restore.models-dir", root.resolve("restore-models").toString());
        }
        return config;
    }

    /** The service under test: {@code dr.service.name} of its {@code application.properties}. */
    static String serviceName() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties on the class path to name the service");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = properties.getProperty("dr.service.name");
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("application.properties names no dr.service.name");
        }
        return name.strip();
    }

    @Override
    public void stop() {
        // The infrastructure lives as long as the JVM: other test classes reuse it; a shutdown hook stops it.
    }
}
