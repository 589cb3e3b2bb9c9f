package org.efp.dr.testkit;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * The local run's Kubernetes API: fabric8's mock API server in CRUD mode on loopback (no real API server runs
 * here), holding the guide's deployments so failover-service can scale them and switch connection Secrets.
 */
public final class LocalKubernetes implements AutoCloseable {

    /** Namespace of the platform's workloads. */
    public static final String NAMESPACE = "efp";

    /** The deployments the guide's procedures scale, with their usual replica counts. */
    public static final Map<String, Integer> DEPLOYMENTS =
            Map.of("api-service", 3, "ml-service", 3, "ingress-controller", 2, "redis", 1);

    /**
     * Namespace of the backup region: the same workloads, scaled to 0 until a region failover scales them up (a warm
     * standby region: its databases stream, its services wait).
     */
    public static final String BACKUP_NAMESPACE = "efp-backup";

    /** The backup region's deployments (0 replicas until a region failover). */
    public static final List<String> BACKUP_DEPLOYMENTS = List.of("api-service", "ml-service", "ingress-controller");

    private final KubernetesServer server;

    private LocalKubernetes(KubernetesServer server) {
        this.server = server;
    }

    /** Starts the API server on {@code port} (0: any free one) and creates the namespace and deployments. */
    public static LocalKubernetes start(int port) {
        KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), port, List.of());
        server.before();
        NamespacedKubernetesClient client = server.getClient();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        DEPLOYMENTS.forEach((name, replicas) -> client.apps().deployments().inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                        .addToLabels("app", name).endMetadata().withNewSpec().withReplicas(replicas)
                        .withNewSelector().addToMatchLabels("app", name).endSelector().endSpec().build())
                .create());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(BACKUP_NAMESPACE)
                .endMetadata().build()).create();
        BACKUP_DEPLOYMENTS.forEach(name -> client.apps().deployments().inNamespace(BACKUP_NAMESPACE)
                .resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(BACKUP_NAMESPACE)
                        .addToLabels("app", name).endMetadata().withNewSpec().withReplicas(0)
                        .withNewSelector().addToMatchLabels("app", name).endSelector().endSpec().build())
                .create());
        return new LocalKubernetes(server);
    }

    /** How services reach it (MicroProfile Config names). */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url",
                "http://127.0.0.1:" + server.getKubernetesMockServer().getPort() + "/");
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("quarkus.kubernetes-client.namespace", NAMESPACE);
        config.put("dr.failover.kubernetes.namespace", NAMESPACE);
        return config;
    }

    /** A client of the API server, for checks. */
    public NamespacedKubernetesClient client() {
        return server.getClient();
    }

    @Override
    public void close() {
        server.after();
    }
}
