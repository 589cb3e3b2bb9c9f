package org.efp.dr.failover.livedrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The staging breaker against fabric8's Kubernetes API server (CRUD mode, on loopback): the primary's pod goes. */
class KubernetesBreakerTest {

    private static final String NS = "efp-staging";

    private KubernetesServer server;
    private KubernetesClient client;
    private PrimaryBreaker breaker;

    @BeforeEach
    void clusterWithDatabasePods() {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        client = server.getClient();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        for (String pod : List.of("energy-forecast-0", "energy-forecast-1", "redis-0")) {
            client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace(NS).endMetadata().build()).create();
        }
        LiveDrillConfig config = new SmallRyeConfigBuilder().withMapping(LiveDrillConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("dr.failover.live-drills.breaker", "kubernetes")
                .withDefaultValue("dr.failover.live-drills.namespace", NS).build()
                .getConfigMapping(LiveDrillConfig.class);
        breaker = new PrimaryBreaker(config, null, client, null);
    }

    @AfterEach
    void stopCluster() {
        server.after();
    }

    @Test
    void thePrimarysPodIsDeletedAndTheStandbysIsLeft() {
        String done = breaker.breakPrimary(
                "jdbc:postgresql://energy-forecast-0.energy-forecast." + NS + ".svc:5432/energy_forecast");

        assertThat(done).contains(NS + "/energy-forecast-0");
        assertThat(client.pods().inNamespace(NS).withName("energy-forecast-0").get()).isNull();
        assertThat(client.pods().inNamespace(NS).withName("energy-forecast-1").get()).isNotNull();
    }

    @Test
    void aPrimaryWithoutAPodIsReportedAndNothingIsDeleted() {
        assertThatThrownBy(() -> breaker.breakPrimary("jdbc:postgresql://energy-forecast-7.energy-forecast:5432/ef"))
                .hasMessageContaining("no pod energy-forecast-7");
        assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(3);
    }

    @Test
    void theCachesPodIsDeletedAndTheDatabasesAreLeft() {
        String done = breaker.breakTarget(LiveScenario.CACHE_FAILURE, "redis://redis-0.redis." + NS + ".svc:6379");

        assertThat(done).contains(NS + "/redis-0");
        assertThat(client.pods().inNamespace(NS).withName("redis-0").get()).isNull();
        assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("energy-forecast-0", "energy-forecast-1");
    }
}
