package org.efp.dr.failover.support;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.RedisServer;
import org.efp.dr.testkit.TestInfrastructure;

/**
 * The test kit's infrastructure, a fabric8 mock API server in CRUD mode on loopback, and where this host finds the
 * managed nodes' data directories (for fencing). One resource, so every test class shares one Quarkus start.
 * <p>
 * A class with its own test profile restarts Quarkus in a new class loader, where the test kit's singleton would start
 * a second infrastructure over the first one's directory. So the infrastructure's settings are kept JVM-wide, in
 * system properties, and such a class reuses them; it runs after the classes that use the test kit directly.
 */
public class FailoverTestResources extends DrTestResources {

    private static final String SHARED = "efp.failover-tests.infrastructure.";

    private static volatile RedisServer redis;

    private final CrudKubernetes kubernetes = new CrudKubernetes();

    /** The cache the services' {@code dr.redis.*} settings name (started with the infrastructure). */
    public static RedisServer redis() {
        return redis;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(infrastructure());
        config.put("dr.failover.probes.http.reporting-api", FakeHealthEndpoint.shared().url());
        // A probed component whose recovery another service runs (restore-service: restore-database), used by no
        // other test, so its recoveries are the probe test's alone.
        config.put("dr.failover.probes.http.timeseries", FakeHealthEndpoint.named("timeseries").url());
        config.putAll(kubernetes.start());
        return config;
    }

    private Map<String, String> infrastructure() {
        Properties jvm = System.getProperties();
        synchronized (jvm) {
            Map<String, String> config = new LinkedHashMap<>();
            for (String name : jvm.stringPropertyNames()) {
                if (name.startsWith(SHARED)) {
                    config.put(name.substring(SHARED.length()), jvm.getProperty(name));
                }
            }
            if (!config.isEmpty()) {
                return config;
            }
            config.putAll(super.start());
            Infrastructure infra = TestInfrastructure.shared();
            for (PostgresServer node : new PostgresServer[] { infra.primary(), infra.standby() }) {
                config.put("dr.failover.database.data-dirs.\"127.0.0.1:" + node.port() + "\"",
                        node.dataDir().toString());
            }
            // A spare node: an empty data directory on this host, where a new standby is built when none streams.
            int sparePort = Ports.free();
            Path spareHome = OsCommand.ownedDirectory(infra.layout().root().resolve("energy-spare"));
            Path spareData = OsCommand.ownedDirectory(spareHome.resolve("data"));
            config.put("dr.failover.database.spare", "jdbc:postgresql://127.0.0.1:" + sparePort + "/"
                    + Infrastructure.ENERGY_FORECAST);
            config.put("dr.failover.database.data-dirs.\"127.0.0.1:" + sparePort + "\"", spareData.toString());
            // The cache component: a real Redis with a password, as the local run starts it.
            RedisServer cache = new RedisServer(infra.layout().root().resolve("redis"), Ports.free(),
                    UUID.randomUUID().toString().replace("-", ""));
            cache.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cache::close));
            redis = cache;
            config.put("dr.redis.url", cache.url());
            config.put("dr.redis.password", cache.password());
            config.forEach((name, value) -> jvm.setProperty(SHARED + name, value));
            return config;
        }
    }

    @Override
    public void stop() {
        kubernetes.stop();
        super.stop();
    }

    /** The Quarkus fabric8 mock server resource, in CRUD mode, bound to 127.0.0.1. */
    static final class CrudKubernetes extends KubernetesServerTestResource {
        @Override
        protected KubernetesServer createServer() {
            return new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        }
    }
}
