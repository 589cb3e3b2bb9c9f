package org.efp.dr.common.delivery;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.common.rest.Problems;

/**
 * Every service's dead-letter records, for operators: {@code GET /dead-letters} lists what this service refused
 * (newest first, with the reason, the original topic and offset),
 * {@code POST /dead-letters/{partition}/{offset}/replay} hands one to the service again once its cause is fixed.
 */
@Path("/dead-letters")
@RolesAllowed("operator")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The newest dead-letter records of this service. */
    @GET
    public List<DeadLetters.Entry> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw problem(400, "limit must be between 1 and 500, was " + limit);
        }
        return deadLetters.recent(limit);
    }

    /** Handles one dead-letter record of this service again. */
    @POST
    @Path("/{partition}/{offset}/replay")
    public DeadLetters.Replayed replay(@PathParam("partition") int partition, @PathParam("offset") long offset) {
        try {
            return deadLetters.replay(partition, offset);
        } catch (DeadLetters.ReplayRefused e) {
            throw problem(e.status(), e.getMessage());
        }
    }

    private static WebApplicationException problem(int status, String detail) {
        return new WebApplicationException(Problems.of(status, null, detail));
    }
}
