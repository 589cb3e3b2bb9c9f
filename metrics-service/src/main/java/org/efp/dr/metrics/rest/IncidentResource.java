package org.efp.dr.metrics.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.incident.IncidentView;
import org.efp.dr.metrics.monitor.MonitorJob;
import org.efp.dr.metrics.monitor.MonitorJobs;

/** The measured recovery metrics of incidents. */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "viewer", "operator" })
public class IncidentResource {

    private final IncidentRepository incidents;
    private final MonitorJobs monitorings;

    public IncidentResource(IncidentRepository incidents, MonitorJobs monitorings) {
        this.incidents = incidents;
        this.monitorings = monitorings;
    }

    /** Incidents newest first; {@code open=true} for those not yet recovered. */
    @GET
    public List<IncidentView> list(@QueryParam("open") @DefaultValue("false") boolean open,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        return incidents.list(open, Requests.limit(limit));
    }

    @GET
    @Path("/{incidentId}")
    public IncidentView get(@PathParam("incidentId") String incidentId) {
        return incidents.find(Requests.id(incidentId, "incidentId"))
                .orElseThrow(() -> new NotFoundException("no measured incident " + incidentId));
    }

    /**
     * The monitoring after each of the incident's completed recoveries: PENDING, PASSED or FAILED, the rounds so far,
     * the window, and the signals of the last round (value, threshold, verdict).
     */
    @GET
    @Path("/{incidentId}/monitoring")
    public List<MonitorJob> monitoring(@PathParam("incidentId") String incidentId) {
        String id = Requests.id(incidentId, "incidentId");
        incidents.find(id).orElseThrow(() -> new NotFoundException("no measured incident " + incidentId));
        return monitorings.ofIncident(id);
    }
}
