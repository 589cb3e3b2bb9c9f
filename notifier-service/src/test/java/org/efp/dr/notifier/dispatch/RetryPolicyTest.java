package org.efp.dr.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(15), Duration.ofMinutes(5),
            Duration.ofHours(6));

    @Test
    void theWaitDoublesEachRoundUpToTheLongestWait() {
        // When / Then
        assertThat(policy.nextDelay(1, Duration.ZERO)).contains(Duration.ofSeconds(15));
        assertThat(policy.nextDelay(2, Duration.ofMinutes(1))).contains(Duration.ofSeconds(30));
        assertThat(policy.nextDelay(4, Duration.ofMinutes(3))).contains(Duration.ofMinutes(2));
        assertThat(policy.nextDelay(6, Duration.ofMinutes(9))).contains(Duration.ofMinutes(5));
        assertThat(policy.nextDelay(500, Duration.ofHours(2))).contains(Duration.ofMinutes(5));
    }

    @Test
    void aDeliveryOlderThanTheGiveUpWindowIsNotTriedAgain() {
        // When / Then
        assertThat(policy.nextDelay(3, Duration.ofHours(6))).isEmpty();
        assertThat(policy.nextDelay(1, Duration.ofHours(7))).isEmpty();
    }

    @Test
    void aPolicyThatWouldSpinIsRefused() {
        // When / Then
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
