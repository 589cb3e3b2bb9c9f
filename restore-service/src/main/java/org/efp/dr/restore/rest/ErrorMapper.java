package org.efp.dr.restore.rest;

import java.util.Map;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import org.efp.dr.restore.RestoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad requests answer 4xx with the reason and a message. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response restoreError(RestoreException e) {
        Response.Status status = switch (e.reason()) {
            case BAD_REQUEST -> Response.Status.BAD_REQUEST;
            case NO_BACKUP -> Response.Status.NOT_FOUND;
            default -> Response.Status.INTERNAL_SERVER_ERROR;
        };
        return Response.status(status).entity(Map.of("reason", e.reason().name(), "error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).entity(Map.of("error", String.valueOf(e.getMessage()))).build();
    }
}
