package org.efp.dr.restore.job;

import java.time.Instant;
import java.util.List;

/** A job row as the worker and the REST API see it. */
public record RestoreJob(String jobId, String incidentId, JobKind kind, String request, String status, int attempts,
        int stepsDone, List<String> scratch, Instant queuedAt, Instant startedAt, Instant completedAt,
        String restoredFrom, Instant recoveredTo, String location, Long bytes, String error) {
}
