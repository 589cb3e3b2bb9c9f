package org.efp.dr.failover.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.cache.CacheConfig;
import org.efp.dr.failover.cache.CacheRecovery;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which steps a scaling recovery runs and what its rollback restores, against fabric8's Kubernetes API server (CRUD
 * mode, on loopback). The scaler has no database, so the cases stay with steps that do not remember replica counts
 * there: scale-up with a count the job names or found, and rollbacks.
 */
class ScalingStepsTest {

    private static final String NS = "prod";

    private KubernetesServer server;
    private KubernetesClient client;
    private ScalingProcedure procedure;

    @BeforeEach
    void clusterWithDeployments() {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        client = server.getClient();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        Map.of("web", 3, "api", 2, "redis", 1).forEach((name, replicas) -> client.apps().deployments()
                .inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS)
                        .endMetadata().withNewSpec().withReplicas(replicas).endSpec().build())
                .create());
        procedure = new ScalingProcedure(new Scaler(client, null, Optional.of(NS)), new CacheRecovery(cacheOf("redis"),
                null, null, null));
    }

    @AfterEach
    void stopCluster() {
        server.after();
    }

    /** The cache is the component {@code component}, at an address nothing here connects to. */
    private static CacheConfig cacheOf(String component) {
        return new SmallRyeConfigBuilder().withMapping(CacheConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("dr.failover.cache.component", component)
                .withDefaultValue("dr.failover.cache.url", "redis://127.0.0.1:1").build()
                .getConfigMapping(CacheConfig.class);
    }

    private static RecoveryJob job(String component, RecoveryAction action, String target,
            Map<String, String> parameters) {
        return new RecoveryJob("rec-1", "inc-1", component, action, target, false, parameters, RecoveryJob.PENDING, 0,
                Map.of(), "test", Instant.now(), null, null);
    }

    private int replicas(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getReplicas();
    }

    private void scaledTo(String name, int replicas) {
        client.apps().deployments().inNamespace(NS).withName(name).edit(d -> new DeploymentBuilder(d).editSpec()
                .withReplicas(replicas).endSpec().build());
    }

    @Test
    void eachActionRunsItsStepsUnderTheirKnownNames() {
        // Given
        RecoveryJob restartCache = job("redis", RecoveryAction.RESTART, "redis", Map.of());
        RecoveryJob restartWeb = job("web", RecoveryAction.RESTART, "web", Map.of());

        // When
        List<String> cacheSteps = procedure.steps(restartCache);
        List<String> webSteps = procedure.steps(restartWeb);
        List<String> scaleDown = procedure.steps(job("web", RecoveryAction.SCALE_DOWN, "web", Map.of()));
        List<String> scaleUp = procedure.steps(job("web", RecoveryAction.SCALE_UP, "web", Map.of()));

        // Then
        List<String> expected = new ArrayList<>(List.of("scale-down", "scale-up"));
        expected.addAll(CacheRecovery.STEPS);
        assertThat(cacheSteps).isEqualTo(expected);
        assertThat(webSteps).containsExactly("scale-down", "scale-up");
        assertThat(scaleDown).containsExactly("scale-down");
        assertThat(scaleUp).containsExactly("scale-up");
    }

    @Test
    void aRestartBringsBackTheCountScaleDownFound() throws Exception {
        // Given: scale-down found 3 replicas and stopped them
        RecoveryJob restart = job("web", RecoveryAction.RESTART, "web", Map.of());
        Map<String, String> state = new HashMap<>(Map.of("replicas.web", "3"));
        scaledTo("web", 0);

        // When
        procedure.run(restart, 1, state);

        // Then
        assertThat(replicas("web")).isEqualTo(3);
        assertThat(state).containsEntry("replicas.web", "3").containsEntry("previous.web", "0");
    }

    @Test
    void aScaleUpRunAgainKeepsTheCountItFirstReplaced() throws Exception {
        // Given: scale-up ran (0 -> 3) and its instance died before the step was saved as done
        RecoveryJob restart = job("web", RecoveryAction.RESTART, "web", Map.of());
        Map<String, String> state = new HashMap<>(Map.of("replicas.web", "3"));
        scaledTo("web", 0);
        procedure.run(restart, 1, state);

        // When
        procedure.run(restart, 1, state);

        // Then
        assertThat(replicas("web")).isEqualTo(3);
        assertThat(state).containsEntry("previous.web", "0");
    }

    @Test
    void aScaleUpThatFailsHalfwayIsRolledBackToTheCountsItReplaced() {
        // Given: the second deployment does not exist
        RecoveryJob scaleUp = job("web", RecoveryAction.SCALE_UP, "web, gone", Map.of("replicas", "5"));
        Map<String, String> state = new HashMap<>();
        Throwable failed = catchThrowable(() -> procedure.run(scaleUp, 0, state));

        // When
        List<String> undone = procedure.rollback(scaleUp, 0, state, "scale-up failed");

        // Then
        assertThat(failed).hasMessage("deployment prod/gone not found");
        assertThat(state).containsEntry("previous.web", "3");
        assertThat(undone).containsExactly("prod/web back to 3");
        assertThat(replicas("web")).isEqualTo(3);
    }

    @Test
    void aRollbackOfAScaleDownThatStoppedHalfwayRestoresTheCountsItFound() {
        // Given: scale-down found web at 3 and stopped it, then failed before it found api
        RecoveryJob restart = job("web", RecoveryAction.RESTART, "web, api", Map.of());
        Map<String, String> saved = Map.of("replicas.web", "3");
        scaledTo("web", 0);

        // When
        List<String> undone = procedure.rollback(restart, 0, saved, "scale-down failed");

        // Then
        assertThat(undone).containsExactly("prod/web back to 3");
        assertThat(replicas("web")).isEqualTo(3);
        assertThat(replicas("api")).isEqualTo(2);
    }

    @Test
    void aRollbackRestoresTheCountScaleUpReplacedAsAnEarlierVersionSavedIt() {
        // Given
        Map<String, String> saved = Map.of("replicas.web", "3", "previous.web", "1");

        // When
        List<String> undone = procedure.rollback(job("web", RecoveryAction.SCALE_UP, "web", Map.of()), 0, saved,
                "scale-up failed");

        // Then
        assertThat(undone).containsExactly("prod/web back to 1");
        assertThat(replicas("web")).isEqualTo(1);
    }

    @Test
    void aFailedCacheStepLeavesTheRestartedDeploymentsRunning() {
        // Given
        Map<String, String> state = Map.of("replicas.redis", "1", "previous.redis", "0");

        // When
        List<String> undone = procedure.rollback(job("redis", RecoveryAction.RESTART, "redis", Map.of()), 2, state,
                "verify-cache failed");

        // Then
        assertThat(undone).isEmpty();
        assertThat(replicas("redis")).isEqualTo(1);
    }
}
