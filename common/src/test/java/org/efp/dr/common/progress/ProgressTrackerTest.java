package org.efp.dr.common.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** What a running job's tracker shows as it goes, and the state of a job that is queued or ended. */
class ProgressTrackerTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRunningJobShowsItsStepAndTheBytesReadAgainstTheEstimate() {
        // Given
        Hands clock = new Hands();
        ProgressTrackers<ProgressTracker> trackers = new ProgressTrackers<>();
        ProgressTracker tracker = trackers.start("job-1", new ProgressTracker("estimating", null, START, clock));
        tracker.estimate(1_000L);
        tracker.step("copying");

        // When
        clock.now = START.plusSeconds(10);
        tracker.read(250);
        JobProgress progress = trackers.of("job-1").orElseThrow();

        // Then
        assertThat(progress.step()).isEqualTo("copying");
        assertThat(progress.bytesDone()).isEqualTo(250);
        assertThat(progress.percent()).isEqualTo(25.0);
        assertThat(progress.bytesPerSecond()).isEqualTo(25.0);
        assertThat(progress.etaSeconds()).isEqualTo(30);
        assertThat(progress.finished()).isFalse();
    }

    @Test
    void readingAgainStartsTheBytesAndTheRateFromNothing() {
        // Given: half of a first candidate read
        Hands clock = new Hands();
        ProgressTracker tracker = new ProgressTracker("reading", 1_000L, START, clock);
        clock.now = START.plusSeconds(10);
        tracker.read(500);
        tracker.now();

        // When
        tracker.restart(4_000);
        JobProgress progress = tracker.now();

        // Then
        assertThat(progress.bytesDone()).isZero();
        assertThat(progress.bytesTotal()).isEqualTo(4_000);
        assertThat(progress.percent()).isZero();
        assertThat(progress.etaSeconds()).isNull();
    }

    @Test
    void aJobThatCompletedIsAtAHundredPercentWithItsAverageRate() {
        // Given
        Hands clock = new Hands();
        ProgressTracker tracker = new ProgressTracker("copying", 1_000L, START, clock);
        tracker.read(800);

        // When
        JobProgress done = tracker.completed("completed", START.plusSeconds(8));

        // Then
        assertThat(done.finished()).isTrue();
        assertThat(done.percent()).isEqualTo(100.0);
        assertThat(done.bytesDone()).isEqualTo(800);
        assertThat(done.bytesPerSecond()).isEqualTo(100.0);
    }

    @Test
    void aJobNoLongerRunningHereHasNoLiveProgress() {
        // Given
        ProgressTrackers<ProgressTracker> trackers = new ProgressTrackers<>();
        trackers.start("job-1", new ProgressTracker("copying", null, START, new Hands()));

        // When
        trackers.finish("job-1");

        // Then
        assertThat(trackers.of("job-1")).isEmpty();
        assertThat(trackers.all()).isEmpty();
    }

    @Test
    void aJobThatEndedShowsWhereItGotOrNothingWhenNothingWasRecorded() {
        // Given
        Instant end = START.plusSeconds(60);
        JobProgress halfway = new JobProgress("copying", 50.0, 500, 1_000L, 10, 50L, false, START.plusSeconds(50));
        JobProgress alreadyEnded = halfway.ended("failed", START.plusSeconds(55));

        // When
        JobProgress fromHalfway = JobProgress.endedAfter(halfway, "failed", end);
        JobProgress fromEnded = JobProgress.endedAfter(alreadyEnded, "failed", end);
        JobProgress fromNothing = JobProgress.endedAfter(null, "failed", end);

        // Then
        assertThat(fromHalfway).isEqualTo(new JobProgress("failed", 50.0, 500, 1_000L, 10, null, true, end));
        assertThat(fromEnded).isEqualTo(alreadyEnded);
        assertThat(fromNothing).isEqualTo(new JobProgress("failed", null, 0, null, 0, null, true, end));
        assertThat(JobProgress.queued(START)).isEqualTo(new JobProgress("queued", null, 0, null, 0, null, false,
                START));
    }
}
