package org.efp.dr.restore.job;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.restore.RestoreException;
import org.jboss.logging.Logger;

/** Turns requests into queued jobs; at most one active job per incident and kind. */
@ApplicationScoped
public class RestoreQueue {

    private static final Logger LOG = Logger.getLogger(RestoreQueue.class);

    private final RestoreJobs jobs;

    public RestoreQueue(RestoreJobs jobs) {
        this.jobs = jobs;
    }

    /** The job kind of a restore action; BAD_REQUEST for actions other services carry out. */
    public static JobKind kindOf(RecoveryAction action) {
        return switch (action) {
            // A rebuild is a database job too: one database job per incident at a time.
            case RESTORE_DATABASE, DATABASE_REBUILD -> JobKind.DATABASE;
            case RESTORE_MODELS -> JobKind.MODELS;
            default -> throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "restore-service carries out RESTORE_DATABASE, DATABASE_REBUILD and RESTORE_MODELS, not " + action);
        };
    }

    public static RestoreRequest from(RecoveryRequested event) {
        Map<String, String> p = event.parameters();
        Instant outage;
        try {
            outage = p.containsKey("outageStartedAt") ? Instant.parse(p.get("outageStartedAt")) : null;
        } catch (java.time.DateTimeException e) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "outageStartedAt must be an ISO-8601 instant", e);
        }
        return new RestoreRequest(event.recoveryId(), event.incidentId(), event.component(), event.action(),
                event.target(), event.backupId(), event.pointInTime(), event.requestedBy(), event.requestedAt(),
                outage, p);
    }

    /**
     * Queues a restore; false when it is a repeat or another restore of the incident is active. A request with an
     * unsafe value is refused (BAD_REQUEST, see {@link RequestCheck}) before anything is stored.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean submit(RestoreRequest request) {
        RequestCheck.checked(request);
        boolean queued = jobs.enqueue(request.jobId(), request.incidentId(), kindOf(request.action()),
                RestoreRequest.encode(request));
        if (!queued) {
            LOG.infof("restore not queued: repeat or already active jobId=%s incidentId=%s", request.jobId(),
                    request.incidentId());
        }
        return queued;
    }
}
