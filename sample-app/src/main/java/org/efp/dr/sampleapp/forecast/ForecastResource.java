package org.efp.dr.sampleapp.forecast;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.efp.dr.sampleapp.model.LiveModel;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/forecasts/{site}?hours=N}: the next N hours (1 to 168, default 24) of a site's consumption
 * forecast from the served model. Readers need the viewer or operator role, as on the platform's services.
 */
@Path("/api/v1/forecasts")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    private static final Logger LOG = Logger.getLogger(ForecastResource.class);
    private static final String PROBLEM = "application/problem+json";

    private final Forecasts forecasts;
    private final LiveModel live;
    private final ForecastMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public ForecastResource(Forecasts forecasts, LiveModel live, ForecastMetrics metrics) {
        this.forecasts = forecasts;
        this.live = live;
        this.metrics = metrics;
    }

    @GET
    @Path("/{site}")
    @RolesAllowed({"viewer", "operator"})
    public Response forecast(@PathParam("site") String site, @QueryParam("hours") Integer hours) {
        long started = System.nanoTime();
        LiveModel.Served served = live.served();
        Response response = answer(site, hours, served);
        // Bad requests are the caller's, not the model's: only answers the model was asked for are counted.
        if (response.getStatus() != 400 && response.getStatus() != 404) {
            ForecastMetrics.Outcome outcome = response.getStatus() == 200 ? ForecastMetrics.Outcome.OK
                    : served.usable() ? ForecastMetrics.Outcome.UNAVAILABLE : ForecastMetrics.Outcome.ERROR;
            metrics.served(served.version(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
        return response;
    }

    private Response answer(String site, Integer hours, LiveModel.Served served) {
        int siteId;
        try {
            siteId = Integer.parseInt(site);
        } catch (NumberFormatException e) {
            return problem(400, "Bad site", "site must be a site id (a whole number), got " + abbreviate(site));
        }
        int h = hours == null ? 24 : hours;
        if (h < 1 || h > 168) {
            return problem(400, "Bad hours", "hours must be 1 to 168, got " + h);
        }
        try {
            String name = forecasts.siteName(siteId);
            if (name == null) {
                return problem(404, "No such site", "energy_forecast has no site " + siteId);
            }
            if (!served.usable()) {
                return problem(503, "No usable model", served.problem());
            }
            return Response.ok(forecasts.forecast(siteId, name, served.model(), served.version(), h,
                    clock.instant())).build();
        } catch (java.sql.SQLException e) {
            LOG.warnf("forecast failed site=%d: %s", siteId, e.getMessage());
            return problem(503, "Database unavailable", "energy_forecast did not answer; try again");
        }
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(PROBLEM)
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
