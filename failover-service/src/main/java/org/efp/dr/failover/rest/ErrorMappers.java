package org.efp.dr.failover.rest;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.efp.dr.common.rest.Problems;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad input is a 4xx with the reason, never a 500. */
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

    /** The validation message of a record's constructor, else Jackson's own. */
    static String reason(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof IllegalArgumentException || root instanceof NullPointerException
                ? root.getMessage() : e.getOriginalMessage();
    }

    static Response error(Response.Status status, String message) {
        return Problems.of(status, null, message);
    }
}
