package org.efp.dr.restore.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.progress.ProgressEvents;
import org.efp.dr.common.rest.Paging;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.job.RestoreJob;
import org.efp.dr.restore.job.RestoreJobs;
import org.efp.dr.restore.job.RestoreProgress;
import org.efp.dr.restore.job.RestoreQueue;
import org.efp.dr.restore.job.RestoreRequest;

/** Operators' entry point: queue a restore (role operator), follow it (viewer or operator). */
@Path("/restores")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {

    private final RestoreQueue queue;
    private final RestoreJobs jobs;
    private final RestoreProgress progress;
    private final ProgressEvents events;
    private final Duration eventInterval;
    private final SecurityIdentity identity;
    private final Clock clock;

    public RestoreResource(RestoreQueue queue, RestoreJobs jobs, RestoreProgress progress, ProgressEvents events,
            RestoreSettings settings, SecurityIdentity identity, Clock clock) {
        this.progress = progress;
        this.events = events;
        this.eventInterval = settings.restore().progressInterval();
        this.queue = queue;
        this.jobs = jobs;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * A restore asked for by an operator; {@code action} RESTORE_DATABASE (default) or RESTORE_MODELS. Without
     * {@code incidentId} the restore gets an id of its own ({@code op-...}), returned in the answer. The job records
     * the authenticated caller as its requester.
     */
    public record RestoreBody(
            @Size(max = 200) @Schema(description = "the incident this restore answers; one is made when absent",
                    example = "inc-42") String incidentId,
            @Schema(description = "RESTORE_DATABASE when absent") RecoveryAction action,
            @Size(max = 63) @Schema(example = "energy_forecast") String target,
            @Size(max = 200) @Schema(description = "a backup of the catalog; the newest good one when absent")
            String backupId,
            @PastOrPresent @Schema(description = "restore to this moment (point-in-time recovery)",
                    example = "2026-03-01T10:00:00Z") Instant pointInTime,
            @PastOrPresent Instant outageStartedAt,
            @Size(max = 32) @Schema(description = "targetDatabase, replace (true|false), mode (logical|physical), "
                    + "stopServices (deployments to stop during the restore)",
                    example = "{\"targetDatabase\": \"energy_forecast_check\", \"replace\": \"false\"}")
            Map<@Size(max = 64) String, @Size(max = 1000) String> parameters) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response restore(@Valid @NotNull RestoreBody body) {
        // Every id and parameter is checked when the request is queued (RequestCheck): a bad one is a 400.
        String incidentId = body.incidentId() == null || body.incidentId().isBlank() ? "op-" + UUID.randomUUID()
                : body.incidentId();
        RecoveryAction action = body.action() == null ? RecoveryAction.RESTORE_DATABASE : body.action();
        RestoreQueue.kindOf(action);
        if (body.pointInTime() != null && body.pointInTime().isAfter(clock.instant())) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "pointInTime is in the future");
        }
        String jobId = "restore-" + UUID.randomUUID();
        RestoreRequest request = new RestoreRequest(jobId, incidentId,
                action == RecoveryAction.RESTORE_MODELS ? "ml-models" : "database", action, body.target(),
                body.backupId(), body.pointInTime(), identity.getPrincipal().getName(),
                clock.instant(), body.outageStartedAt(), body.parameters());
        if (!queue.submit(request)) {
            return ErrorMapper.problem(Response.Status.CONFLICT, "ALREADY_ACTIVE",
                    "a restore for incident " + incidentId + " is already queued or running");
        }
        return Response.accepted(Map.of("jobId", jobId, "incidentId", incidentId, "status", "QUEUED")).build();
    }

    @GET
    @Path("/{jobId}")
    @RolesAllowed({ "viewer", "operator" })
    public RestoreJob job(@PathParam("jobId") String jobId) {
        RestoreJob job = jobs.find(jobId).orElseThrow(() -> new NotFoundException("no restore job " + jobId));
        return job.withProgress(progress.current(job));
    }

    /**
     * The job's progress as Server-Sent Events: {@code progress} while it is queued or runs, one {@code end} when it
     * ended, then the stream completes.
     */
    @GET
    @Path("/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ "viewer", "operator" })
    public void events(@PathParam("jobId") String jobId, @Context SseEventSink sink, @Context Sse sse) {
        jobs.find(jobId).orElseThrow(() -> new NotFoundException("no restore job " + jobId));
        events.follow(sink, sse, () -> jobs.find(jobId).map(progress::current).orElse(null), eventInterval);
    }

    /** All restores, newest first, one page at a time: {@code limit} 1-500 (default 50), {@code offset} from 0. */
    @GET
    @RolesAllowed({ "viewer", "operator" })
    public List<RestoreJob> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging page;
        try {
            page = Paging.of(limit, offset, 50, 500);
        } catch (IllegalArgumentException e) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, e.getMessage(), e);
        }
        return jobs.page(page.limit(), page.offset());
    }

    @GET
    @Path("/incident/{incidentId}")
    @RolesAllowed({ "viewer", "operator" })
    public List<RestoreJob> forIncident(@PathParam("incidentId") String incidentId) {
        return jobs.forIncident(incidentId);
    }
}
