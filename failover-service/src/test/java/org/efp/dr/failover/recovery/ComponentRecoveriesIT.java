package org.efp.dr.failover.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.failover.support.FailoverTestResources;
import org.junit.jupiter.api.Test;

/**
 * One recovery per component, on the real state database: a second incident joins the recovery in flight, and one
 * that settles after success; a new outage that reality confirmed takes over a settling claim but never one in flight.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class ComponentRecoveriesIT {

    @Inject
    ComponentRecoveries components;

    private final String component = "component-" + UUID.randomUUID();

    @Test
    void aConfirmedNewOutageTakesOverAClaimWhoseRecoverySucceededButNotOneStillInFlight() {
        // Given: a recovery in flight
        assertThat(components.claim(component, "rec-1", "inc-1", "RESTORE_MODELS", Duration.ofMinutes(30))).isEmpty();

        // Then: nothing takes it over, not even a confirmed new outage
        assertThat(components.claim(component, "rec-2", "inc-2", "RESTORE_MODELS", Duration.ofMinutes(30), true))
                .hasValueSatisfying(r -> assertThat(r.recoveryId()).isEqualTo("rec-1"));

        // When: it succeeded and settles for a minute
        components.release("rec-1", true, Duration.ofMinutes(1));

        // Then: a lagging alert of the repaired outage still joins it, a confirmed new outage takes it over
        assertThat(components.claim(component, "rec-3", "inc-3", "RESTORE_MODELS", Duration.ofMinutes(30), false))
                .hasValueSatisfying(r -> assertThat(r.recoveryId()).isEqualTo("rec-1"));
        assertThat(components.claim(component, "rec-4", "inc-4", "RESTORE_MODELS", Duration.ofMinutes(30), true))
                .isEmpty();
        assertThat(components.claim(component, "rec-5", "inc-5", "RESTORE_MODELS", Duration.ofMinutes(30), true))
                .as("the new claim is in flight, not settling").hasValueSatisfying(r -> assertThat(r.recoveryId())
                        .isEqualTo("rec-4"));
    }
}
