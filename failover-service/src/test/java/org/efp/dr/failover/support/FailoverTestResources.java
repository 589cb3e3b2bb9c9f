package org.efp.dr.failover.support;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;

/**
 * The test kit's infrastructure, a fabric8 mock API server in CRUD mode on loopback, and where this host finds the
 * managed nodes' data directories (for fencing). One resource, so every test class shares one Quarkus start.
 */
public class FailoverTestResources extends DrTestResources {

    private final CrudKubernetes kubernetes = new CrudKubernetes();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(super.start());
        Infrastructure infra = TestInfrastructure.shared();
        for (PostgresServer node : new PostgresServer[] { infra.primary(), infra.standby() }) {
            config.put("dr.failover.database.data-dirs.\"127.0.0.1:" + node.port() + "\"", node.dataDir().toString());
        }
        config.put("dr.failover.probes.http.reporting-api", FakeHealthEndpoint.shared().url());
        config.putAll(kubernetes.start());
        return config;
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
