package org.efp.dr.restore.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.efp.dr.common.progress.JobProgress;
import org.junit.jupiter.api.Test;

/** The ETA a running restore shows, before and after the end planned for it. */
class RestoreProgressTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRestorePastItsPlannedEndWithAnUnknownSizeHasNoEtaInsteadOfFailing() {
        Hands clock = new Hands();
        RestoreProgress.Tracker t = new RestoreProgress.Tracker(START, null, START.plusSeconds(10), clock);

        assertThat(t.now().etaSeconds()).as("before the planned end: the planned end").isEqualTo(10);
        clock.now = START.plusSeconds(60);
        JobProgress late = t.now();

        assertThat(late.etaSeconds()).isNull();
        assertThat(late.finished()).isFalse();
    }

    @Test
    void theEtaIsNeverEarlierThanThePlannedEndNorThanReadingTheRestNeeds() {
        Hands clock = new Hands();
        RestoreProgress.Tracker fast = new RestoreProgress.Tracker(START, 1_000L, START.plusSeconds(100), clock);
        RestoreProgress.Tracker slow = new RestoreProgress.Tracker(START, 1_000L, START.plusSeconds(100), clock);
        for (int s = 1; s <= 10; s++) {
            clock.now = START.plusSeconds(s);
            fast.read(50);
            slow.read(5);
            fast.now();
            slow.now();
        }

        assertThat(fast.now().etaSeconds()).as("500 bytes left at 50 B/s, but 90 s of the plan left").isEqualTo(90);
        assertThat(slow.now().etaSeconds()).as("950 bytes left at 5 B/s").isBetween(170L, 210L);
    }
}
