package org.efp.dr.backup.run;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.storage.ProgressListener;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressCodec;
import org.efp.dr.common.progress.ProgressTracker;
import org.efp.dr.common.progress.ProgressTrackers;

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

    /** One running backup: what it read (its progress) and what it uploaded; the job's listener. */
    public static final class Tracker extends ProgressTracker implements ProgressListener {
        private final AtomicLong uploaded = new AtomicLong();

        Tracker(Instant startedAt, Clock clock) {
            super(ESTIMATING, null, startedAt, clock);
        }

        @Override
        public void uploaded(long bytes) {
            uploaded.addAndGet(bytes);
        }

        /** Bytes that reached the store so far (the catalog's {@code bytes_done}). */
        public long uploadedBytes() {
            return uploaded.get();
        }

        JobProgress completed(Instant at) {
            return completed(COMPLETED, at);
        }
    }

    private final ProgressTrackers<Tracker> running = new ProgressTrackers<>();
    private final Catalog catalog;
    private final Clock clock;

    public Progress(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Tracker start(String backupId, Instant startedAt) {
        return running.start(backupId, new Tracker(startedAt, clock));
    }

    public void finish(String backupId) {
        running.finish(backupId);
    }

    /** The progress of {@code backupId} if it runs here. */
    public Optional<JobProgress> of(String backupId) {
        return running.of(backupId);
    }

    /**
     * The progress of a backup wherever it runs: live when it runs here, else as last saved in its catalog row (a
     * heartbeat old at most); queued ones at 0, ended ones as they ended (a completed one at 100 %). Null only for a
     * backup running elsewhere whose first heartbeat has not come yet.
     */
    public JobProgress current(CatalogEntry entry) {
        if (entry.status() == BackupStatus.QUEUED) {
            return JobProgress.queued(entry.queuedAt());
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
            case FAILED -> JobProgress.endedAfter(saved, FAILED, endedAt);
        };
    }

    /** The backups running here. */
    public Map<String, Tracker> running() {
        return running.all();
    }
}
