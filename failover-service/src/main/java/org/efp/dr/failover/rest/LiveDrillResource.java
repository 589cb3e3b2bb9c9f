package org.efp.dr.failover.rest;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.livedrill.LiveDrill;
import org.efp.dr.failover.livedrill.LiveDrillConfig;
import org.efp.dr.failover.livedrill.LiveDrillStore;
import org.efp.dr.failover.livedrill.LiveDrills;
import org.efp.dr.failover.livedrill.LiveScenario;

/** Operators start a live drill (the platform broken for real, where turned on) and follow it. */
@Path("/api/v1/live-drills")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LiveDrillResource {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A live drill to start. */
    @Schema(description = "A live drill: the guide's scenario, broken for real")
    public record Request(
            @NotNull(message = "is required")
            @Pattern(regexp = "[a-z_]{1,40}", message = "must be a scenario name such as database_failure")
            @Schema(description = "The scenario", examples = "database_failure") String scenario) {
    }

    private final LiveDrills drills;
    private final LiveDrillStore store;
    private final LiveDrillConfig config;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public LiveDrillResource(LiveDrills drills, LiveDrillStore store, LiveDrillConfig config, AuditLog audit,
            SecurityIdentity identity, Clock clock) {
        this.drills = drills;
        this.store = store;
        this.config = config;
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @RolesAllowed("operator")
    @Transactional
    @Operation(summary = "Start a live drill: break the primary or the cache for real and watch the platform recover "
            + "(operators; only where dr.failover.live-drills.enabled)")
    public Response start(@Valid @NotNull Request body) {
        if (!config.enabled()) {
            return ErrorMappers.error(Response.Status.CONFLICT, "live drills are off here "
                    + "(dr.failover.live-drills.enabled=false): they break the platform for real and are meant for a "
                    + "staging environment that turned them on");
        }
        if (LiveScenario.of(body.scenario()).isEmpty()) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "scenario must be one of " + LiveScenario.names()
                    + ", not " + body.scenario() + " (the others run with ./dr drill on the local platform)");
        }
        String actor = identity.getPrincipal().getName();
        String drillId = "live-" + STAMP.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        audit.record(actor, "start-live-drill", drillId, body.scenario());
        drills.requested(new DrillRequested(drillId, body.scenario(), LiveDrills.TYPE, actor, clock.instant()));
        return Response.accepted(store.find(drillId).orElseThrow()).build();
    }

    @GET
    @Path("/{drillId}")
    @RolesAllowed({ "viewer", "operator" })
    @Operation(summary = "A live drill: its phase and what it has measured so far")
    public LiveDrill get(@PathParam("drillId") String drillId) {
        return store.find(drillId).orElseThrow(() -> new NotFoundException("no live drill " + drillId));
    }
}
