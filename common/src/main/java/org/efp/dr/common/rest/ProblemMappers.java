package org.efp.dr.common.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The one place that turns a refused request into a problem document, for every service: a request body that
 * cannot be read or breaks a constraint is a 400 naming the field in plain words (never a Java type name), and
 * every other client or server error (unknown path, wrong method, unsupported media type, a resource's own 4xx)
 * answers {@code application/problem+json} too. These replace Quarkus REST's own mappers for the same exceptions,
 * whose answers use other shapes. A service maps only its own exceptions.
 */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    /** Any HTTP error a resource or the framework raises; an answer that is already a problem passes unchanged. */
    @Provider
    public static class HttpErrors implements ExceptionMapper<WebApplicationException> {

        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            if (response.hasEntity() && response.getMediaType() != null
                    && Problems.MEDIA_TYPE.equals(response.getMediaType().toString())) {
                return response;
            }
            if (response.getStatus() == Response.Status.BAD_REQUEST.getStatusCode()
                    && e.getCause() instanceof JsonProcessingException json) {
                // not JSON, or a record constructor refusing the values: Quarkus REST wraps these in a 400
                return Problems.of(Response.Status.BAD_REQUEST, "INVALID_BODY", RequestBodyErrors.describe(json));
            }
            return Problems.of(response.getStatus(), null, message(e, response.getStatus()));
        }

        private static String message(WebApplicationException e, int status) {
            String message = e.getMessage();
            if (status == Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode()) {
                return "send the body as " + MediaType.APPLICATION_JSON;
            }
            // the framework's own text ("HTTP 404 Not Found") says no more than the title
            return message == null || message.startsWith("HTTP " + status) ? null : message;
        }
    }

    /** A field of the wrong type or an unknown enum value (Quarkus REST passes these on unwrapped). */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<MismatchedInputException> {

        @Override
        public Response toResponse(MismatchedInputException e) {
            return Problems.of(Response.Status.BAD_REQUEST, "INVALID_BODY", RequestBodyErrors.describe(e));
        }
    }

    /** A body that breaks a Bean Validation constraint; a method's own return value breaking one is a 500. */
    @Provider
    public static class InvalidBody implements ExceptionMapper<ConstraintViolationException> {

        @Override
        public Response toResponse(ConstraintViolationException e) {
            return RequestBodyErrors.ofReturnValue(e.getConstraintViolations())
                    ? Problems.of(Response.Status.INTERNAL_SERVER_ERROR, null, null)
                    : Problems.of(Response.Status.BAD_REQUEST, "INVALID_BODY",
                            RequestBodyErrors.describe(e.getConstraintViolations()));
        }
    }
}
