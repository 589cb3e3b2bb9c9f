package org.efp.dr.common.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns samples of one job's byte count into its {@link JobProgress}: the rate over the recent {@code window} (so a
 * job that slows down or speeds up gets an ETA from how it goes now, not from its start; time before the first byte
 * does not count), and the time left to the estimated total at that rate. Thread-safe: the job's threads sample, readers ask for progress.
 */
public final class ProgressEstimator {

    /** Below this the rate is too noisy to show: the first sample needs some time behind it. */
    private static final Duration MIN_SPAN = Duration.ofMillis(200);
    /** Never 100 % while running: the last bytes, the manifest or the check are still to come. */
    private static final double RUNNING_CAP = 99.9;

    private record Sample(Instant at, long bytes) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Duration window;
    private final Instant startedAt;
    private volatile Long estimatedTotal;
    private long lastBytes;

    /**
     * @param estimatedTotal the bytes the job is expected to move, null when unknown
     * @param startedAt      when the job started (0 bytes then)
     * @param window         how far back the rate looks
     */
    public ProgressEstimator(Long estimatedTotal, Instant startedAt, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.estimatedTotal = estimatedTotal == null || estimatedTotal <= 0 ? null : estimatedTotal;
        this.window = window;
        this.startedAt = startedAt;
        samples.add(new Sample(startedAt, 0));
    }

    /** Sets the estimate once it is known (it may be measured after the job started). */
    public void estimate(Long total) {
        this.estimatedTotal = total == null || total <= 0 ? null : total;
    }

    public Long estimatedTotal() {
        return estimatedTotal;
    }

    /** Records that {@code bytesDone} bytes in all were done at {@code at}. */
    public synchronized void sample(long bytesDone, Instant at) {
        Sample last = samples.peekLast();
        if (at.isBefore(last.at())) {
            return;
        }
        if (bytesDone == 0 && last.bytes() == 0) {
            // Nothing has moved yet (connecting, pg_dump reading the catalog): the rate starts when the bytes do,
            // so a slow start does not stretch the first ETAs.
            samples.clear();
            samples.add(new Sample(at, 0));
            return;
        }
        if (at.equals(last.at())) {
            samples.pollLast();
        }
        samples.addLast(new Sample(at, bytesDone));
        lastBytes = bytesDone;
        // Keep one sample at or before the window's start, so the rate always spans the whole window.
        Instant from = at.minus(window);
        while (samples.size() > 2) {
            Sample oldest = samples.pollFirst();
            if (samples.peekFirst().at().isAfter(from)) {
                samples.addFirst(oldest);
                break;
            }
        }
    }

    /** Bytes per second over the window; 0 before enough time has passed. */
    public synchronized double rate() {
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        Duration span = Duration.between(first.at(), last.at());
        if (span.compareTo(MIN_SPAN) < 0) {
            return 0;
        }
        return Math.max(0, last.bytes() - first.bytes()) / (span.toNanos() / 1e9);
    }

    /** The progress of the running job, in {@code step}, as of the last sample. */
    public synchronized JobProgress running(String step, Instant now) {
        double rate = rate();
        Long total = estimatedTotal;
        long done = lastBytes;
        Double percent = null;
        Long eta = null;
        if (total != null) {
            percent = Math.min(RUNNING_CAP, Math.round(done * 1000.0 / total) / 10.0);
            if (done < total && rate > 0) {
                // To the nearest second (at least 1 while running): rounding up made a short job's last ETAs
                // a whole second long.
                eta = Math.max(1, Math.round((total - done) / rate));
            }
        }
        return new JobProgress(step, percent, done, total, round(rate), eta, false, now);
    }

    /** The progress of the job that ended successfully: 100 %, its average rate. */
    public synchronized JobProgress completed(String step, Instant now) {
        double seconds = Math.max(0.001, Duration.between(startedAt, now).toNanos() / 1e9);
        return JobProgress.completed(step, lastBytes, round(lastBytes / seconds), now);
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
