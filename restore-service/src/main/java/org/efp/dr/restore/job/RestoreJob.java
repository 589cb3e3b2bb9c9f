package org.efp.dr.restore.job;

import java.time.Instant;
import java.util.List;

import org.efp.dr.common.progress.JobProgress;

/** A job row as the worker and the REST API see it; {@code progress} as last saved (see {@link RestoreProgress}). */
public record RestoreJob(String jobId, String incidentId, JobKind kind, String request, String status, int attempts,
        int stepsDone, List<String> scratch, Instant queuedAt, Instant startedAt, Instant completedAt,
        String restoredFrom, Instant recoveredTo, String location, Long bytes, String error, JobProgress progress) {

    /** This job with {@code current} as its progress (the live one, when it runs here). */
    public RestoreJob withProgress(JobProgress current) {
        return new RestoreJob(jobId, incidentId, kind, request, status, attempts, stepsDone, scratch, queuedAt,
                startedAt, completedAt, restoredFrom, recoveredTo, location, bytes, error, current);
    }
}
