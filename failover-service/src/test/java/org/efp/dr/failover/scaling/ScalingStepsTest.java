package org.efp.dr.failover.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.cache.CacheRecovery;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.junit.jupiter.api.Test;

/** Which steps a scaling recovery runs and what its rollback restores, with the cluster faked. */
class ScalingStepsTest {

    private final Map<String, Integer> cluster = new HashMap<>(Map.of("web", 3, "api", 2));
    private final List<String> scaled = new ArrayList<>();
    private String failingScale;
    private boolean cacheCovered;

    private final Scaler scaler = new Scaler(null, null, Optional.of("prod")) {
        @Override
        public int replicas(String ns, String name) {
            return cluster.get(name);
        }

        @Override
        public int scale(String ns, String name, int replicas) {
            if (name.equals(failingScale)) {
                throw new IllegalStateException("scale " + name + " refused");
            }
            scaled.add(name + "=" + replicas);
            return cluster.put(name, replicas);
        }

        @Override
        public void remember(String recoveryId, String ns, String name, int replicas) {
        }

        @Override
        public Optional<Integer> remembered(String ns, String name) {
            return Optional.empty();
        }
    };
    private final CacheRecovery cache = new CacheRecovery(null, null, null, null) {
        @Override
        public boolean covers(RecoveryJob job) {
            return cacheCovered;
        }
    };
    private final ScalingProcedure procedure = new ScalingProcedure(scaler, cache);

    private static RecoveryJob job(RecoveryAction action, String target) {
        return new RecoveryJob("rec-1", "inc-1", "web", action, target, false, Map.of(), RecoveryJob.PENDING, 0,
                Map.of(), "test", Instant.now(), null, null);
    }

    @Test
    void eachActionRunsItsStepsUnderTheirKnownNames() {
        // Given
        cacheCovered = true;

        // When
        List<String> restartCache = procedure.steps(job(RecoveryAction.RESTART, "redis"));
        List<String> scaleDown = procedure.steps(job(RecoveryAction.SCALE_DOWN, "web"));
        List<String> scaleUp = procedure.steps(job(RecoveryAction.SCALE_UP, "web"));

        // Then
        List<String> expected = new ArrayList<>(List.of("scale-down", "scale-up"));
        expected.addAll(CacheRecovery.STEPS);
        assertThat(restartCache).isEqualTo(expected);
        assertThat(scaleDown).containsExactly("scale-down");
        assertThat(scaleUp).containsExactly("scale-up");
    }

    @Test
    void aScaleDownThatFailsHalfwayIsRolledBackToTheCountsItFound() {
        // Given
        failingScale = "api";
        RecoveryJob restart = job(RecoveryAction.RESTART, "web, api");
        Map<String, String> state = new HashMap<>();
        assertThatThrownBy(() -> procedure.run(restart, 0, state)).hasMessage("scale api refused");
        failingScale = null;

        // When
        List<String> undone = procedure.rollback(restart, 0, state, "scale-down failed");

        // Then
        assertThat(state).containsEntry("replicas.web", "3").containsEntry("replicas.api", "2");
        assertThat(undone).containsExactly("prod/web back to 3", "prod/api back to 2");
        assertThat(cluster).containsEntry("web", 3).containsEntry("api", 2);
    }

    @Test
    void aRestartBringsBackTheCountScaleDownFound() throws Exception {
        // Given
        RecoveryJob restart = job(RecoveryAction.RESTART, "web");
        Map<String, String> state = new HashMap<>();

        // When
        procedure.run(restart, 0, state);
        procedure.run(restart, 1, state);

        // Then
        assertThat(scaled).containsExactly("web=0", "web=3");
        assertThat(state).containsEntry("replicas.web", "3").containsEntry("previous.web", "0");
    }

    @Test
    void aRollbackRestoresTheCountScaleUpReplacedAsAnEarlierVersionSavedIt() {
        // Given
        Map<String, String> saved = Map.of("replicas.web", "3", "previous.web", "1");

        // When
        List<String> undone = procedure.rollback(job(RecoveryAction.SCALE_UP, "web"), 0, saved, "scale-up failed");

        // Then
        assertThat(undone).containsExactly("prod/web back to 1");
        assertThat(cluster).containsEntry("web", 1);
    }

    @Test
    void aFailedCacheStepLeavesTheRestartedDeploymentsRunning() {
        // Given
        cacheCovered = true;
        Map<String, String> state = Map.of("replicas.redis", "1", "previous.redis", "0");

        // When
        List<String> undone = procedure.rollback(job(RecoveryAction.RESTART, "redis"), 2, state,
                "verify-cache failed");

        // Then
        assertThat(undone).isEmpty();
        assertThat(scaled).isEmpty();
    }
}
