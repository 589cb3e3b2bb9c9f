package org.efp.dr.common.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ProgressEstimatorTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final long MB = 1_000_000;

    @Test
    void rateAndEtaFollowFromBytesOverTime() {
        // Given
        ProgressEstimator estimator = new ProgressEstimator(1000 * MB, START, Duration.ofSeconds(30));

        // When
        estimator.sample(100 * MB, START.plusSeconds(10));
        JobProgress progress = estimator.running("copying", START.plusSeconds(10));

        // Then
        assertThat(progress.bytesPerSecond()).isEqualTo(10.0 * MB);
        assertThat(progress.percent()).isEqualTo(10.0);
        assertThat(progress.etaSeconds()).isEqualTo(90);
        assertThat(progress.bytesTotal()).isEqualTo(1000 * MB);
        assertThat(progress.finished()).isFalse();
    }

    @Test
    void rateLooksAtTheRecentWindowOnly() {
        // Given: 20 MB/s for a minute, then 5 MB/s for a minute
        ProgressEstimator estimator = new ProgressEstimator(10_000 * MB, START, Duration.ofSeconds(30));
        long bytes = 0;
        for (int s = 1; s <= 120; s++) {
            bytes += (s <= 60 ? 20 : 5) * MB;
            estimator.sample(bytes, START.plusSeconds(s));
        }

        // When
        JobProgress progress = estimator.running("copying", START.plusSeconds(120));

        // Then
        assertThat(progress.bytesPerSecond()).isCloseTo(5.0 * MB, within(0.01 * MB));
        assertThat(progress.etaSeconds()).isEqualTo((10_000 * MB - bytes) / (5 * MB));
    }

    @Test
    void etaIsWithinHalfTheRealTimeLeftOnASteadyStream() {
        // Given: about 8 MB/s with ±30 % jitter per 250 ms, 400 MB estimated and really moved
        long total = 400 * MB;
        Random random = new Random(42);
        ProgressEstimator estimator = new ProgressEstimator(total, START, Duration.ofSeconds(10));
        long bytes = 0;
        Instant at = START;
        java.util.List<long[]> checks = new java.util.ArrayList<>();
        while (bytes < total) {
            at = at.plusMillis(250);
            bytes = Math.min(total, bytes + (long) (2 * MB * (0.7 + 0.6 * random.nextDouble())));
            estimator.sample(bytes, at);
            JobProgress p = estimator.running("copying", at);
            if (Duration.between(START, at).toMillis() % 5000 == 0 && bytes < total) {
                checks.add(new long[] { Duration.between(START, at).toMillis(), p.etaSeconds() });
            }
        }

        // When
        long endMillis = Duration.between(START, at).toMillis();

        // Then
        assertThat(checks).hasSizeGreaterThan(5);
        for (long[] check : checks) {
            double realLeft = (endMillis - check[0]) / 1000.0;
            assertThat((double) check[1]).as("ETA at %d ms, real time left %.1f s", check[0], realLeft)
                    .isBetween(realLeft * 0.5, realLeft * 1.5 + 1);
        }
    }

    @Test
    void noEtaWithoutAnEstimateOrOnceTheEstimateIsPassed() {
        // Given
        ProgressEstimator unknown = new ProgressEstimator(null, START, Duration.ofSeconds(30));
        ProgressEstimator passed = new ProgressEstimator(50 * MB, START, Duration.ofSeconds(30));

        // When
        unknown.sample(10 * MB, START.plusSeconds(1));
        passed.sample(80 * MB, START.plusSeconds(1));

        // Then
        assertThat(unknown.running("copying", START.plusSeconds(1)).etaSeconds()).isNull();
        assertThat(unknown.running("copying", START.plusSeconds(1)).percent()).isNull();
        assertThat(passed.running("copying", START.plusSeconds(1)).etaSeconds()).isNull();
        assertThat(passed.running("copying", START.plusSeconds(1)).percent()).isEqualTo(99.9);
    }

    @Test
    void theTimeBeforeTheFirstByteDoesNotStretchTheEta() {
        // Given: 5 s of connecting with nothing moved (sampled as it is watched), then 10 MB/s
        ProgressEstimator estimator = new ProgressEstimator(100 * MB, START, Duration.ofSeconds(30));
        for (int ms = 250; ms <= 5000; ms += 250) {
            estimator.sample(0, START.plusMillis(ms));
        }

        // When
        estimator.sample(20 * MB, START.plusSeconds(7));
        JobProgress progress = estimator.running("copying", START.plusSeconds(7));

        // Then: 80 MB left at 10 MB/s, not at the 2.9 MB/s counted from the start
        assertThat(progress.bytesPerSecond()).isEqualTo(10.0 * MB);
        assertThat(progress.etaSeconds()).isEqualTo(8);
    }

    @Test
    void noRateBeforeAnyTimeHasPassed() {
        // Given
        ProgressEstimator estimator = new ProgressEstimator(100 * MB, START, Duration.ofSeconds(30));

        // When
        estimator.sample(5 * MB, START.plusMillis(50));

        // Then
        assertThat(estimator.running("copying", START.plusMillis(50)).bytesPerSecond()).isZero();
        assertThat(estimator.running("copying", START.plusMillis(50)).etaSeconds()).isNull();
    }

    @Test
    void aCompletedJobIsAtHundredPercentWithItsAverageRate() {
        // Given
        ProgressEstimator estimator = new ProgressEstimator(500 * MB, START, Duration.ofSeconds(30));
        estimator.sample(300 * MB, START.plusSeconds(30));

        // When
        JobProgress done = estimator.completed("completed", START.plusSeconds(30));

        // Then
        assertThat(done.percent()).isEqualTo(100.0);
        assertThat(done.bytesDone()).isEqualTo(300 * MB);
        assertThat(done.bytesTotal()).isEqualTo(300 * MB);
        assertThat(done.etaSeconds()).isZero();
        assertThat(done.bytesPerSecond()).isEqualTo(10.0 * MB);
        assertThat(done.finished()).isTrue();
    }

    @Test
    void impossibleFiguresAreRefused() {
        // When / Then
        assertThatThrownBy(() -> new JobProgress("x", 101.0, 0, null, 0, null, false, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percent");
        assertThatThrownBy(() -> new JobProgress("x", null, -1, null, 0, null, false, START))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressSurvivesTheJobRowAsJson() {
        // Given
        JobProgress progress = new JobProgress("copying data", 42.5, 425 * MB, 1000 * MB, 12.5 * MB, 46L, false,
                START);

        // When
        JobProgress read = ProgressCodec.decode(ProgressCodec.encode(progress));

        // Then
        assertThat(read).isEqualTo(progress);
        assertThat(ProgressCodec.decode("{not json")).isNull();
    }
}
