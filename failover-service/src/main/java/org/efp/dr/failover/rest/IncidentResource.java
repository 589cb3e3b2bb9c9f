package org.efp.dr.failover.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.rest.Paging;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.detection.Declaration;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.detection.IncidentStore;
import org.efp.dr.failover.recovery.JobStore;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.runbook.Decision;
import org.efp.dr.failover.runbook.Runbook;

/** Operators declare incidents and preview the runbook; viewers read incidents, recoveries and the audit log. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {

    /** An operator's declaration; {@code severity} defaults to HIGH, {@code outageStartedAt} to now. */
    @Schema(description = "An incident declared by an operator")
    public record DeclareRequest(
            @NotBlank(message = "is required") @Schema(description = "The component that is down",
                    examples = "database") String component,
            @Schema(description = "How bad it is; HIGH when not given") Severity severity,
            @NotBlank(message = "is required") @Schema(description = "What users notice, in a few words",
                    examples = "energy_forecast primary is down") String impact,
            @Schema(description = "When the outage began; now when not given",
                    examples = "2026-03-01T10:00:00Z") Instant outageStartedAt) {
        public DeclareRequest {
            severity = severity == null ? Severity.HIGH : severity;
        }
    }

    /** An incident with the recoveries started for it. */
    public record IncidentView(Incident incident, List<RecoveryJob> recoveries) {
    }

    private final Detection detection;
    private final IncidentStore incidents;
    private final JobStore jobs;
    private final Runbook runbook;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public IncidentResource(Detection detection, IncidentStore incidents, JobStore jobs, Runbook runbook,
            AuditLog audit, SecurityIdentity identity, Clock clock) {
        this.detection = detection;
        this.incidents = incidents;
        this.jobs = jobs;
        this.runbook = runbook;
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Path("/incidents")
    @RolesAllowed("operator")
    @Transactional
    @Operation(summary = "Declare an incident (operators)")
    public Response declare(@Valid @NotNull DeclareRequest request) {
        Instant now = clock.instant();
        String actor = identity.getPrincipal().getName();
        Declaration d = new Declaration(request.component(), request.severity(), request.impact(),
                "operator " + actor, request.outageStartedAt() == null ? now : request.outageStartedAt(), now,
                "operator:" + request.component() + ":" + UUID.randomUUID());
        IncidentStore.Opened opened = detection.declare(d, actor);
        audit.record(actor, "declare-incident", opened.incident().incidentId(), request.toString());
        return Response.status(Response.Status.CREATED).entity(view(opened.incident())).build();
    }

    @GET
    @Path("/incidents")
    @RolesAllowed({ "viewer", "operator" })
    @Operation(summary = "Incidents newest first, one page at a time (limit 1-500, default 100; offset from 0)")
    public List<Incident> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging page = Paging.of(limit, offset, 100, 500);
        return incidents.page(page.limit(), page.offset());
    }

    @GET
    @Path("/incidents/{id}")
    @RolesAllowed({ "viewer", "operator" })
    public IncidentView get(@PathParam("id") String id) {
        return view(incidents.find(id).orElseThrow(() -> new NotFoundException("no incident " + id)));
    }

    @POST
    @Path("/incidents/{id}/resolve")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("operator")
    @Transactional
    @Operation(summary = "Resolve an open incident by hand (operators); an incident already resolved stays as it is")
    public IncidentView resolve(@PathParam("id") String id) {
        Incident incident = incidents.find(id).orElseThrow(() -> new NotFoundException("no incident " + id));
        if (Incident.OPEN.equals(incident.status())) {
            String actor = identity.getPrincipal().getName();
            incident = detection.resolveById(id, actor).orElse(incident);
            audit.record(actor, "resolve-incident", id, "resolved by hand");
        }
        return view(incidents.find(id).orElse(incident));
    }

    @GET
    @Path("/runbook/{component}")
    @RolesAllowed({ "viewer", "operator" })
    public Map<String, Object> plan(@PathParam("component") String component) {
        Decision d = runbook.preview(component);
        return Map.of("component", component, "plan", runbook.file().entryFor(component).plan(),
                "action", String.valueOf(d.action()), "runsHere", d.runsHere(), "reason", d.reason());
    }

    @GET
    @Path("/audit")
    @RolesAllowed({ "viewer", "operator" })
    public List<AuditLog.Entry> auditLog() {
        return audit.recent(200);
    }

    private IncidentView view(Incident incident) {
        return new IncidentView(incident, jobs.forIncident(incident.incidentId()));
    }
}
