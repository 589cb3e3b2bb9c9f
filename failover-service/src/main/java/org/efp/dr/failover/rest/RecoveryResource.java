package org.efp.dr.failover.rest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.rest.Paging;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.recovery.JobStore;
import org.efp.dr.failover.recovery.Recoveries;
import org.efp.dr.failover.recovery.RecoveryJob;

/** Operators request recoveries (failover, switchover, restarts, dry runs) and register database nodes. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    /** A recovery request; without an incident id the operator's request is its own incident. */
    @Schema(description = "A recovery an operator asks for")
    public record Request(
            @Schema(description = "The incident it belongs to; a new op- incident when not given") String incidentId,
            @Schema(description = "The component to recover; derived from the action when not given",
                    examples = "reporting") String component,
            @NotNull(message = "is required") @Schema(description = "What to do") RecoveryAction action,
            @Schema(description = "The node, deployment or region to act on", examples = "127.0.0.1:5433")
            String target,
            @Schema(description = "Plan and report only, change nothing") Boolean dryRun,
            @Schema(description = "Action-specific settings, such as replicas or namespace")
            Map<String, String> parameters) {
    }

    /** A database node to manage. */
    @Schema(description = "A PostgreSQL node of the managed cluster")
    public record Node(
            @NotNull(message = "must be a jdbc:postgresql:// URL")
            @Pattern(regexp = "jdbc:postgresql://.*", message = "must be a jdbc:postgresql:// URL")
            @Schema(description = "Its JDBC URL", examples = "jdbc:postgresql://10.0.0.12:5432/energy_forecast")
            String url,
            @Pattern(regexp = "STANDBY|FENCED", message = "must be STANDBY or FENCED (a primary comes from a failover)")
            @Schema(description = "Its role; STANDBY when not given", enumeration = { "STANDBY", "FENCED" })
            String role) {
    }

    private final Recoveries recoveries;
    private final JobStore jobs;
    private final Topology topology;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public RecoveryResource(Recoveries recoveries, JobStore jobs, Topology topology, AuditLog audit,
            SecurityIdentity identity, Clock clock) {
        this.recoveries = recoveries;
        this.jobs = jobs;
        this.topology = topology;
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Path("/recoveries")
    @RolesAllowed("operator")
    @Transactional(dontRollbackOn = Recoveries.Refused.class)
    @Operation(summary = "Request a recovery such as a database failover or a restart (operators)")
    public Response request(@Valid @NotNull Request body) {
        String actor = identity.getPrincipal().getName();
        String component = body.component() != null ? body.component() : defaultComponent(body.action());
        RecoveryRequested request = new RecoveryRequested(
                body.incidentId() == null ? "op-" + UUID.randomUUID() : body.incidentId(), "rec-" + UUID.randomUUID(),
                component, body.action(), body.target(), null, null, Boolean.TRUE.equals(body.dryRun()), actor,
                clock.instant(), body.parameters());
        checkTarget(body.action(), body.target());
        audit.record(actor, "request-recovery", request.recoveryId(), body.toString());
        if (recoveries.runsHere(body.action())) {
            recoveries.start(request);
        } else {
            recoveries.request(request);
        }
        return Response.accepted(Map.of("incidentId", request.incidentId(), "recoveryId", request.recoveryId(),
                "action", request.action(), "runsHere", recoveries.runsHere(body.action()))).build();
    }

    @GET
    @Path("/recoveries")
    @RolesAllowed({ "viewer", "operator" })
    @Operation(summary = "Recoveries newest first, one page at a time (limit 1-500, default 50; offset from 0)")
    public List<RecoveryJob> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Paging page = Paging.of(limit, offset, 50, 500);
        return jobs.page(page.limit(), page.offset());
    }

    @GET
    @Path("/recoveries/{id}")
    @RolesAllowed({ "viewer", "operator" })
    public RecoveryJob get(@PathParam("id") String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no recovery " + id + " run here"));
    }

    @POST
    @Path("/database/nodes")
    @RolesAllowed("operator")
    @Operation(summary = "Register a database node as a standby or fenced (operators)")
    public Response register(@Valid @NotNull Node node) {
        String role = node.role() == null ? Topology.STANDBY : node.role();
        String actor = identity.getPrincipal().getName();
        topology.register(node.url(), role, "registered by " + actor + " as " + role, null);
        audit.record(actor, "register-node", node.url(), role);
        return Response.noContent().build();
    }

    /** A database failover, switchover or rejoin names a registered node of this cluster, never a guess. */
    private void checkTarget(RecoveryAction action, String target) {
        if (target == null || target.isBlank() || target.equals(topology.cluster())) {
            return;
        }
        switch (action) {
            case DATABASE_FAILOVER, DATABASE_SWITCHOVER -> {
                Topology.Member m = topology.find(target).orElseThrow(() -> new IllegalArgumentException("target "
                        + target + " is not a node of " + topology.cluster() + "; registered standbys: "
                        + topology.standbys().stream().map(PgNodes::hostPort).toList()));
                if (!Topology.STANDBY.equals(m.role())) {
                    throw new IllegalArgumentException("target " + m.hostPort() + " is " + m.role()
                            + ", not a standby of " + topology.cluster());
                }
            }
            case DATABASE_REJOIN -> {
                if (topology.find(target).map(m -> Topology.PRIMARY.equals(m.role())).orElse(false)) {
                    throw new IllegalArgumentException("target " + target + " is the current primary; only an old "
                            + "primary or a standby rejoins");
                }
                if (!target.startsWith("jdbc:postgresql://") && topology.find(target).isEmpty()) {
                    throw new IllegalArgumentException("target " + target + " is not a node of "
                            + topology.cluster());
                }
            }
            default -> {
            }
        }
    }

    private static String defaultComponent(RecoveryAction action) {
        return switch (action) {
            case DATABASE_FAILOVER, DATABASE_SWITCHOVER, DATABASE_REJOIN, RESTORE_DATABASE -> "database";
            case RESTORE_MODELS -> "ml-models";
            case REGION_FAILOVER -> "region";
            case SYSTEM_RECOVERY -> "everything";
            default -> "api";
        };
    }
}
