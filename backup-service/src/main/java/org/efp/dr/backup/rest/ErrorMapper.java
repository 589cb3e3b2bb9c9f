package org.efp.dr.backup.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.efp.dr.common.rest.Problems;

/** 4xx and 5xx answers are problem documents with the message, not an empty page. */
@Provider
public class ErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        return Problems.of(e.getResponse().getStatus(), null, e.getMessage());
    }
}
