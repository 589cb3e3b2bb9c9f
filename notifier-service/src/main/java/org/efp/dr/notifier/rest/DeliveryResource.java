package org.efp.dr.notifier.rest;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.notifier.channel.ChannelKind;

/** The delivery log over REST, newest first. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "SENT", "FAILED");
    private static final int MAX_LIMIT = 1000;

    private final DeliveryLog log;

    public DeliveryResource(DeliveryLog log) {
        this.log = log;
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public List<DeliveryLog.Entry> find(@QueryParam("incidentId") String incidentId,
            @QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        String statusValue = null;
        if (status != null && !status.isBlank()) {
            statusValue = status.trim().toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(statusValue)) {
                throw new BadRequestException("status must be one of " + STATUSES + ": " + status);
            }
        }
        String channelValue = null;
        if (channel != null && !channel.isBlank()) {
            try {
                channelValue = ChannelKind.parse(channel).id();
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        int max;
        try {
            max = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number: " + limit);
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ": " + max);
        }
        return log.find(new DeliveryLog.Query(blankToNull(incidentId), statusValue, channelValue, max));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
