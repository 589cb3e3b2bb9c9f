package org.efp.dr.metrics.rest;

import java.util.List;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.Require;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.metrics.drill.DrillReport;

/** Drill reports (one per DrillCompleted) and their history. */
@Path("/drills")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "viewer", "operator" })
public class DrillResource {

    /** The history: how many drills, how many succeeded, and the reports newest first. */
    public record History(String scenario, int drills, long succeeded, Double successRate, List<DrillReport> reports) {
    }

    /**
     * A live drill's result (./dr drill): the outcome as a DrillCompleted carries it, the full report (any JSON
     * object, kept as sent and served at /drills/{drillId}/report) and the capacities it measured.
     */
    public record LiveDrill(
            @NotBlank @Size(max = 200) @Schema(example = "live-database-20260301T1000Z") String drillId,
            @NotBlank @Size(max = 64) @Schema(example = "database_failure") String scenario,
            @Size(max = 32) @Schema(description = "live when absent", example = "live") String type,
            @NotNull Boolean success,
            @NotNull @Schema(example = "2026-03-01T10:00:00Z") Instant startedAt,
            @NotNull @Schema(example = "2026-03-01T10:00:42Z") Instant completedAt,
            @PositiveOrZero Long measuredRtoSeconds, @PositiveOrZero Long measuredRpoSeconds,
            @PositiveOrZero Long rtoObjectiveSeconds, @PositiveOrZero Long rpoObjectiveSeconds,
            @Size(max = 2000) String error,
            @Schema(description = "the drill's own report, a JSON object of at most 256 KiB") JsonNode report,
            @Size(max = 20) List<@Valid @NotNull CapacityBody> capacity) {
    }

    /** The largest database a component's RTO holds at a measured restore throughput. */
    public record CapacityBody(@NotBlank @Size(max = 64) @Schema(example = "database") String component,
            @PositiveOrZero Long maxDatabaseBytes, @PositiveOrZero Double throughputBytesPerSecond,
            @PositiveOrZero Long rtoObjectiveSeconds) {
    }

    /** A report larger than this is refused: it is a summary, not a log. */
    static final int MAX_REPORT_CHARS = 256 * 1024;

    private final DrillHistory history;
    private final SeedConfig seed;

    public DrillResource(DrillHistory history, SeedConfig seed) {
        this.history = history;
        this.seed = seed;
    }

    /** Records a live drill's result; the same drill sent again changes nothing. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    @Transactional
    public Response record(@Valid @NotNull LiveDrill body) {
        DrillCompleted drill;
        List<DrillHistory.Capacity> capacities = new ArrayList<>();
        String report;
        try {
            Require.present(body.success(), "success");
            Require.present(body.startedAt(), "startedAt");
            Require.present(body.completedAt(), "completedAt");
            drill = new DrillCompleted(body.drillId(), body.scenario(), body.type() == null ? "live" : body.type(),
                    body.success(), body.startedAt(), body.completedAt(),
                    Duration.between(body.startedAt(), body.completedAt()).toSeconds(), body.measuredRtoSeconds(),
                    body.measuredRpoSeconds(), body.rtoObjectiveSeconds(), body.rpoObjectiveSeconds(),
                    body.error());
            Require.id(body.drillId(), "drillId");
            if (body.report() != null && !body.report().isObject()) {
                throw new IllegalArgumentException("report must be a JSON object");
            }
            report = body.report() == null ? null : body.report().toString();
            if (report != null && report.length() > MAX_REPORT_CHARS) {
                throw new IllegalArgumentException("report must be at most " + MAX_REPORT_CHARS + " characters");
            }
            for (CapacityBody c : body.capacity() == null ? List.<CapacityBody>of() : body.capacity()) {
                Require.present(c, "capacity entry");
                Require.name(c.component(), "capacity component");
                if (seed.objectives().forComponent(c.component()).isEmpty()) {
                    throw new IllegalArgumentException("capacity component must be one of the RTO/RPO table's "
                            + seed.objectives().objectives().keySet() + ": " + c.component());
                }
                Require.notNegative(Require.present(c.maxDatabaseBytes(), "maxDatabaseBytes"), "maxDatabaseBytes");
                Require.notNegative(Require.present(c.rtoObjectiveSeconds(), "rtoObjectiveSeconds"),
                        "rtoObjectiveSeconds");
                double throughput = Require.present(c.throughputBytesPerSecond(), "throughputBytesPerSecond");
                if (!(throughput > 0) || Double.isInfinite(throughput)) {
                    throw new IllegalArgumentException("throughputBytesPerSecond must be a positive number");
                }
                capacities.add(new DrillHistory.Capacity(c.component(), c.maxDatabaseBytes(), throughput,
                        c.rtoObjectiveSeconds(), body.drillId(), body.completedAt()));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        history.onLiveDrill(drill, report, capacities);
        return Response.created(URI.create("/drills/" + drill.drillId())).entity(history.find(drill.drillId())
                .orElseThrow()).build();
    }

    /** The full report of a live drill, as it was recorded. */
    @GET
    @Path("/{drillId}/report")
    public String liveReport(@PathParam("drillId") String drillId) {
        return history.report(Requests.id(drillId, "drillId"))
                .orElseThrow(() -> new NotFoundException("no live drill report " + drillId));
    }

    @GET
    public History history(@QueryParam("scenario") String scenario,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        if (scenario != null) {
            try {
                Require.name(scenario, "scenario");
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        List<DrillReport> reports = history.history(scenario, Requests.limit(limit));
        long succeeded = reports.stream().filter(DrillReport::success).count();
        return new History(scenario, reports.size(), succeeded,
                reports.isEmpty() ? null : (double) succeeded / reports.size(), reports);
    }

    @GET
    @Path("/{drillId}")
    public DrillReport report(@PathParam("drillId") String drillId) {
        return history.find(Requests.id(drillId, "drillId"))
                .orElseThrow(() -> new NotFoundException("no drill report " + drillId));
    }
}
