package org.efp.dr.failover.rest;

import jakarta.ws.rs.core.Response;

import org.efp.dr.common.rest.Problems;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bad input is a 4xx with the reason, never a 500. Request bodies that cannot be read or break a constraint are
 * common's {@link org.efp.dr.common.rest.ProblemMappers}; these map failover-service's own refusals.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(Recoveries.Refused e) {
        return error(e instanceof Recoveries.Invalid ? Response.Status.BAD_REQUEST : Response.Status.CONFLICT,
                e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Problems.of(status, null, message);
    }
}
