package org.efp.dr.common.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One job running in this process, as it goes: the step it is in and the bytes it read, and from these its
 * {@link JobProgress} (rate and ETA over a recent window, see {@link ProgressEstimator}). The job's threads report,
 * readers (the REST API, the heartbeat) ask for the progress.
 */
public class ProgressTracker {

    /** How far back the rate looks: long enough to smooth bursts, short enough to follow a slowdown. */
    public static final Duration WINDOW = Duration.ofSeconds(30);

    private final AtomicLong read = new AtomicLong();
    private final Clock clock;
    private volatile ProgressEstimator estimator;
    private volatile String step;

    /**
     * @param step          the step the job starts in
     * @param expectedBytes the bytes the job is expected to read, null when unknown
     */
    public ProgressTracker(String step, Long expectedBytes, Instant startedAt, Clock clock) {
        this.step = step;
        this.estimator = new ProgressEstimator(expectedBytes, startedAt, WINDOW);
        this.clock = clock;
    }

    public void step(String name) {
        step = name;
    }

    /** Sets the bytes expected once they are known (they may be measured after the job started). */
    public void estimate(Long bytes) {
        estimator.estimate(bytes);
    }

    /** Reading starts again from nothing, now, with {@code total} bytes to read. */
    public void restart(long total) {
        read.set(0);
        estimator = new ProgressEstimator(total, clock.instant(), WINDOW);
    }

    /** {@code bytes} more were read. */
    public void read(long bytes) {
        read.addAndGet(bytes);
    }

    /** The progress now. */
    public JobProgress now() {
        Instant now = clock.instant();
        ProgressEstimator e = estimator;
        e.sample(read.get(), now);
        return e.running(step, now);
    }

    /** The progress of the job that ended successfully at {@code at}, in its end step {@code endStep}. */
    public JobProgress completed(String endStep, Instant at) {
        ProgressEstimator e = estimator;
        e.sample(read.get(), at);
        return e.completed(endStep, at);
    }
}
