package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class LocalKubernetesTest {

    @Test
    void servicesReachTheGuidesDeploymentsAndCanScaleThem() {
        try (LocalKubernetes kubernetes = LocalKubernetes.start(0)) {
            // Given: a client built only from what services are told
            var config = kubernetes.serviceConfig();
            Config clientConfig = new ConfigBuilder(Config.empty())
                    .withMasterUrl(config.get("quarkus.kubernetes-client.api-server-url"))
                    .withNamespace(config.get("quarkus.kubernetes-client.namespace")).withTrustCerts(true).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build()) {
                // When
                client.apps().deployments().withName("api-service").scale(0);

                // Then
                assertThat(config.get("quarkus.kubernetes-client.api-server-url")).startsWith("http://127.0.0.1:");
                assertThat(client.apps().deployments().withName("api-service").get().getSpec().getReplicas())
                        .isZero();
                assertThat(client.apps().deployments().withName("ml-service").get().getSpec().getReplicas())
                        .isEqualTo(3);
            }
        }
    }
}
