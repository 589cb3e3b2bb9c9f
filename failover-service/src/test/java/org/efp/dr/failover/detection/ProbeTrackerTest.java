package org.efp.dr.failover.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProbeTrackerTest {

    private final ProbeTracker tracker = new ProbeTracker(3);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void declaresOnTheThirdConsecutiveFailureAsStartedAtTheFirst() {
        // When
        tracker.record("db", false, t0, "down");
        tracker.record("db", false, t0.plusSeconds(1), "down");
        ProbeTracker.Transition third = tracker.record("db", false, t0.plusSeconds(2), "down");

        // Then
        assertThat(third).isEqualTo(new ProbeTracker.Declare(t0, 3, "down"));
    }

    @Test
    void aSuccessInBetweenForgetsTheStreakSoFlappingNeverDeclares() {
        // When
        tracker.record("db", false, t0, "down");
        tracker.record("db", false, t0.plusSeconds(1), "down");
        tracker.record("db", true, t0.plusSeconds(2), null);
        tracker.record("db", false, t0.plusSeconds(3), "down");
        ProbeTracker.Transition last = tracker.record("db", false, t0.plusSeconds(4), "down");

        // Then
        assertThat(last).isInstanceOf(ProbeTracker.None.class);
    }

    @Test
    void declaresOnceAndRecoversOnTheNextSuccess() {
        // Given
        for (int i = 0; i < 3; i++) {
            tracker.record("db", false, t0.plusSeconds(i), "down");
        }

        // When
        ProbeTracker.Transition fourth = tracker.record("db", false, t0.plusSeconds(3), "down");
        ProbeTracker.Transition back = tracker.record("db", true, t0.plusSeconds(4), null);

        // Then
        assertThat(fourth).isInstanceOf(ProbeTracker.None.class);
        assertThat(back).isInstanceOf(ProbeTracker.Recover.class);
    }

    @Test
    void theFirstSuccessAfterAStartRecoversAnOutageDeclaredBeforeItAndLaterOnesDoNot() {
        // When: a new process's first probe finds the component answering
        ProbeTracker.Transition first = tracker.record("models", true, t0, null);
        ProbeTracker.Transition second = tracker.record("models", true, t0.plusSeconds(1), null);

        // Then
        assertThat(first).isInstanceOf(ProbeTracker.Recover.class);
        assertThat(second).isInstanceOf(ProbeTracker.None.class);
    }
}
