package org.efp.dr.failover.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.efp.dr.common.events.Severity;
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

    /** An operator's declaration; {@code outageStartedAt} defaults to now. */
    public record DeclareRequest(String component, Severity severity, String impact, Instant outageStartedAt) {
        public DeclareRequest {
            if (component == null || component.isBlank()) {
                throw new IllegalArgumentException("component is required");
            }
            if (impact == null || impact.isBlank()) {
                throw new IllegalArgumentException("impact is required");
            }
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
    private final JsonBody bodies;

    public IncidentResource(Detection detection, IncidentStore incidents, JobStore jobs, Runbook runbook,
            AuditLog audit, SecurityIdentity identity, Clock clock, JsonBody bodies) {
        this.bodies = bodies;
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
    public Response declare(String body) {
        DeclareRequest request = bodies.read(body, DeclareRequest.class, "component, severity, impact");
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
    public List<Incident> list() {
        return incidents.recent(100);
    }

    @GET
    @Path("/incidents/{id}")
    @RolesAllowed({ "viewer", "operator" })
    public IncidentView get(@PathParam("id") String id) {
        return view(incidents.find(id).orElseThrow(() -> new NotFoundException("no incident " + id)));
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
