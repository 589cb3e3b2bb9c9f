package org.efp.dr.common.progress;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a long job (a backup, a restore) has got, as the REST API, its event stream and the job row show it.
 * {@code bytesTotal} is an estimate (null: unknown), so {@code percent} and {@code etaSeconds} are too; a job
 * that read more than estimated stays below 100 % with no ETA until it ends. {@code finished} is true once the job
 * ended, successfully ({@code percent} 100) or not.
 */
public record JobProgress(String step, Double percent, long bytesDone, Long bytesTotal, double bytesPerSecond,
        Long etaSeconds, boolean finished, Instant updatedAt) {

    public JobProgress {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (bytesDone < 0 || (bytesTotal != null && bytesTotal < 0) || bytesPerSecond < 0
                || (etaSeconds != null && etaSeconds < 0)) {
            throw new IllegalArgumentException("progress figures cannot be negative");
        }
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + percent);
        }
    }

    /** A job waiting in the queue since {@code at}: nothing done yet. */
    public static JobProgress queued(Instant at) {
        return new JobProgress("queued", null, 0, null, 0, null, false, at);
    }

    /**
     * A job that ended in {@code endStep} at {@code at}, as far as it got: {@code reached} when that already is an end,
     * else {@code reached}'s figures ended then; no figures when nothing was reached (null).
     */
    public static JobProgress endedAfter(JobProgress reached, String endStep, Instant at) {
        if (reached == null) {
            return new JobProgress(endStep, null, 0, null, 0, null, true, at);
        }
        return reached.finished() ? reached : reached.ended(endStep, at);
    }

    /** A job that ended successfully after {@code bytes}: 100 %, nothing left. */
    public static JobProgress completed(String step, long bytes, double bytesPerSecond, Instant at) {
        return new JobProgress(step, 100.0, bytes, bytes, bytesPerSecond, 0L, true, at);
    }

    /** A job that ended without finishing: the figures it reached, no ETA. */
    public JobProgress ended(String endStep, Instant at) {
        return new JobProgress(endStep, percent, bytesDone, bytesTotal, bytesPerSecond, null, true, at);
    }
}
