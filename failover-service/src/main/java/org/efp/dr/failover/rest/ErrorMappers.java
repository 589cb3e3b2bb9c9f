package org.efp.dr.failover.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.efp.dr.common.rest.Problems;
import org.efp.dr.common.rest.RequestBodyErrors;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bad input is a 4xx with the reason, never a 500. A request body that cannot be read or breaks a constraint is a 400
 * problem naming the field in plain words; these mappers replace Quarkus REST's own for Jackson and Bean Validation
 * errors, whose answers name Java types or use another shape.
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

    /** A field of the wrong type or an unknown enum value (Quarkus REST passes these on unwrapped). */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e) {
        return error(Response.Status.BAD_REQUEST, RequestBodyErrors.describe(e));
    }

    /** Not JSON, or a record constructor refusing the values: Quarkus REST wraps these in a 400. */
    @ServerExceptionMapper
    public Response unreadableBody(WebApplicationException e) {
        return e.getCause() instanceof JsonProcessingException json
                ? error(Response.Status.BAD_REQUEST, RequestBodyErrors.describe(json))
                : e.getResponse();
    }

    @ServerExceptionMapper
    public Response invalidBody(ConstraintViolationException e) {
        return RequestBodyErrors.ofReturnValue(e.getConstraintViolations())
                ? error(Response.Status.INTERNAL_SERVER_ERROR, null)
                : error(Response.Status.BAD_REQUEST, RequestBodyErrors.describe(e.getConstraintViolations()));
    }

    static Response error(Response.Status status, String message) {
        return Problems.of(status, null, message);
    }
}
