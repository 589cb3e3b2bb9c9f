package org.efp.dr.notifier.escalation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;

import org.jboss.logging.Logger;

/** Acknowledging an incident: an operator has it, so its critical notification does not escalate. */
@Path("/api/incidents/{incidentId}/acknowledge")
@Produces(MediaType.APPLICATION_JSON)
public class AcknowledgeResource {

    private static final Logger LOG = Logger.getLogger(AcknowledgeResource.class);

    private final Acknowledgements acknowledgements;

    public AcknowledgeResource(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    @POST
    @RolesAllowed("operator")
    public Acknowledgements.Acknowledgement acknowledge(@PathParam("incidentId") String incidentId,
            @Context SecurityContext security) {
        if (incidentId == null || incidentId.isBlank() || incidentId.length() > 200) {
            throw new jakarta.ws.rs.BadRequestException("incidentId must be 1 to 200 characters");
        }
        String user = security.getUserPrincipal().getName();
        Acknowledgements.Acknowledgement ack = acknowledgements.acknowledge(incidentId, user)
                .orElseThrow(() -> new NotFoundException("no notification was sent about incident " + incidentId));
        LOG.infof("acknowledged incidentId=%s by=%s", incidentId, ack.acknowledgedBy());
        return ack;
    }
}
