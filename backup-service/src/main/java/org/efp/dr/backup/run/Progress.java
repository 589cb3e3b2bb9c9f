package org.efp.dr.backup.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.storage.ProgressListener;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.common.progress.ProgressEstimator;

/**
 * The progress of the backups running in this process: raw bytes read against the estimated size, rate and ETA.
 * It lives in memory while the backup runs here; the worker's heartbeat copies it to the catalog row, so another
 * replica shows it a few seconds late, and the end state is saved with the backup's completion.
 */
@ApplicationScoped
public class Progress {

    public static final String ESTIMATING = "estimating size";
    public static final String COPYING = "copying data";
    public static final String MANIFEST = "writing manifest";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    /** How far back the rate looks: long enough to smooth bursts, short enough to follow a slowdown. */
    private static final Duration WINDOW = Duration.ofSeconds(30);

    /** One running backup: what it uploaded and read, and its estimator; the job's listener. */
    public static final class Tracker implements ProgressListener {
        private final AtomicLong uploaded = new AtomicLong();
        private final AtomicLong read = new AtomicLong();
        private final ProgressEstimator estimator;
        private final Clock clock;
        private volatile String step = ESTIMATING;

        Tracker(Instant startedAt, Clock clock) {
            this.estimator = new ProgressEstimator(null, startedAt, WINDOW);
            this.clock = clock;
        }

        @Override
        public void uploaded(long bytes) {
            uploaded.addAndGet(bytes);
        }

        @Override
        public void read(long bytes) {
            read.addAndGet(bytes);
        }

        /** Bytes that reached the store so far (the catalog's {@code bytes_done}). */
        public long uploadedBytes() {
            return uploaded.get();
        }

        void step(String name) {
            step = name;
        }

        void estimate(Long bytes) {
            estimator.estimate(bytes);
        }

        JobProgress now() {
            Instant now = clock.instant();
            estimator.sample(read.get(), now);
            return estimator.running(step, now);
        }

        JobProgress completed(Instant at) {
            estimator.sample(read.get(), at);
            return estimator.completed(COMPLETED, at);
        }
    }

    private final Map<String, Tracker> running = new ConcurrentHashMap<>();
    private final Catalog catalog;
    private final Clock clock;

    public Progress(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Tracker start(String backupId, Instant startedAt) {
        Tracker t = new Tracker(startedAt, clock);
        running.put(backupId, t);
        return t;
    }

    public void finish(String backupId) {
        running.remove(backupId);
    }

    /** The progress of {@code backupId} if it runs here. */
    public Optional<JobProgress> of(String backupId) {
        Tracker t = running.get(backupId);
        return t == null ? Optional.empty() : Optional.of(t.now());
    }

    /**
     * The progress of a backup wherever it runs: live when it runs here, else as last saved in its catalog row (a
     * heartbeat old at most); queued ones at 0, ended ones as they ended (a completed one at 100 %). Null only for a
     * backup running elsewhere whose first heartbeat has not come yet.
     */
    public JobProgress current(CatalogEntry entry) {
        if (entry.status() == BackupStatus.QUEUED) {
            return new JobProgress("queued", null, 0, null, 0, null, false, entry.queuedAt());
        }
        if (entry.status() == BackupStatus.RUNNING) {
            Optional<JobProgress> live = of(entry.backupId());
            if (live.isPresent()) {
                return live.get();
            }
        }
        JobProgress saved = catalog.progress(entry.backupId()).map(ProgressCodec::decode).orElse(null);
        Instant endedAt = entry.completedAt() != null ? entry.completedAt() : clock.instant();
        return switch (entry.status()) {
            case QUEUED, RUNNING -> saved;
            case COMPLETED, DELETED -> saved != null && saved.finished() ? saved
                    : JobProgress.completed(COMPLETED, entry.sizeBytes() == null ? 0 : entry.sizeBytes(), 0, endedAt);
            case FAILED -> saved == null ? new JobProgress(FAILED, null, 0, null, 0, null, true, endedAt)
                    : saved.finished() ? saved : saved.ended(FAILED, endedAt);
        };
    }

    /** The backups running here. */
    public Map<String, Tracker> running() {
        return Map.copyOf(running);
    }
}
