package org.efp.dr.restore.rest;

import jakarta.ws.rs.core.Response;

import org.efp.dr.common.rest.Problems;
import org.efp.dr.restore.RestoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refused requests answer an RFC 9457 problem ({@code application/problem+json}): {@code title}, {@code status},
 * {@code detail} (the human message), plus {@code reason} and {@code error} (the same message) for clients that
 * read those.
 */
public class ErrorMapper {

    static final String PROBLEM_JSON = Problems.MEDIA_TYPE;

    @ServerExceptionMapper
    public Response restoreError(RestoreException e) {
        Response.Status status = switch (e.reason()) {
            case BAD_REQUEST -> Response.Status.BAD_REQUEST;
            case NO_BACKUP -> Response.Status.NOT_FOUND;
            default -> Response.Status.INTERNAL_SERVER_ERROR;
        };
        return problem(status, e.reason().name(), e.getMessage());
    }

    static Response problem(Response.Status status, String reason, String detail) {
        return Problems.of(status, reason, detail);
    }
}
