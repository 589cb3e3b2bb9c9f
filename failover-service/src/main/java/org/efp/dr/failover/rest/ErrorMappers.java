package org.efp.dr.failover.rest;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.ws.rs.BadRequestException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad input is a 4xx with the reason, never a 500. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "invalid request body: " + reason(e));
    }

    @ServerExceptionMapper
    public Response badInstance(ValueInstantiationException e) {
        return error(Response.Status.BAD_REQUEST, "invalid request body: " + reason(e));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return error(Response.Status.BAD_REQUEST, "invalid request body: " + reason(e));
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getCause() instanceof JsonProcessingException j
                ? "invalid request body: " + reason(j) : e.getMessage());
    }

    static String reason(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof IllegalArgumentException || root instanceof NullPointerException
                ? root.getMessage() : e.getOriginalMessage();
    }

    @ServerExceptionMapper
    public Response refused(Recoveries.Refused e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message == null ? status.getReasonPhrase() : message)).build();
    }
}
