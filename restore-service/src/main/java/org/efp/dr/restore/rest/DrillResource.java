package org.efp.dr.restore.rest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.drill.DrillHistory;
import org.efp.dr.restore.drill.DrillQueue;
import org.efp.dr.restore.drill.DrillScenario;
import org.efp.dr.restore.drill.DrillSpec;

/** Operators' drills: ask for one now (role operator), read the history and what each measured (viewer too). */
@Path("/drills")
@Produces(MediaType.APPLICATION_JSON)
public class DrillResource {

    private static final List<String> DATABASE_TARGETS = List.of("energy_forecast", "timeseries");

    private final DrillQueue queue;
    private final DrillHistory history;
    private final SeedConfig seed;
    private final SecurityIdentity identity;
    private final Clock clock;

    public DrillResource(DrillQueue queue, DrillHistory history, SeedConfig seed, SecurityIdentity identity,
            Clock clock) {
        this.queue = queue;
        this.history = history;
        this.seed = seed;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * A drill asked for: {@code scenario} database_recovery or model_recovery; {@code target} the database drilled;
     * {@code mode} physical, logical or auto for a database drill (see {@link DrillSpec}).
     * The drill records the authenticated caller as its requester.
     */
    public record DrillBody(
            @Size(max = 64) @Schema(enumeration = { "database_recovery", "model_recovery" },
                    example = "database_recovery") String scenario,
            @Size(max = 63) @Schema(enumeration = { "energy_forecast", "timeseries" }, example = "energy_forecast")
            String target,
            @Size(max = 16) @Schema(enumeration = { "physical", "logical", "auto" }, example = "auto") String mode) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response drill(@Valid @NotNull DrillBody body) {
        if (body.scenario() == null || DrillScenario.of(body.scenario()).isEmpty()) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "scenario must be one of "
                    + List.of(DrillScenario.values()).stream().map(DrillScenario::scenario).toList()
                    + (body.scenario() == null ? "" : ", not " + body.scenario()));
        }
        if (body.target() != null && !DATABASE_TARGETS.contains(body.target())) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "target must be one of " + DATABASE_TARGETS + ", not " + body.target());
        }
        if (body.mode() != null && !DrillSpec.MODES.contains(body.mode())) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "mode must be one of " + DrillSpec.MODES + ", not " + body.mode());
        }
        DrillSchedule.Drill configured = seed.drills().drills().get(body.scenario());
        String drillId = "drill-" + UUID.randomUUID();
        queue.submit(new DrillSpec(drillId, body.scenario(), configured == null ? "full" : configured.type(),
                identity.getPrincipal().getName(), clock.instant(), body.target(), body.mode()));
        return Response.accepted(Map.of("drillId", drillId, "status", "QUEUED")).build();
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public List<DrillHistory.Drill> drills(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return history.recent(limit);
    }

    @GET
    @Path("/{drillId}")
    @RolesAllowed({ "viewer", "operator" })
    public DrillHistory.Drill drill(@PathParam("drillId") String drillId) {
        return history.find(drillId).orElseThrow(() -> new NotFoundException("no drill " + drillId));
    }
}
