package org.efp.dr.metrics.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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

    private final DrillHistory history;

    public DrillResource(DrillHistory history) {
        this.history = history;
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
