package org.efp.dr.notifier.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Client errors answer with their reason as JSON, so a caller sees what to fix. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return Response.status(status).entity(Map.of("error", "internal error")).type(MediaType.APPLICATION_JSON)
                    .build();
        }
        return Response.status(status).entity(Map.of("error", String.valueOf(e.getMessage())))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
