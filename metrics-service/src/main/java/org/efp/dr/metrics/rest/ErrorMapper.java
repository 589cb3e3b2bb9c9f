package org.efp.dr.metrics.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.efp.dr.common.rest.Problems;

/** Client errors as problem documents ({@code status}, {@code detail}, {@code message}), so callers see why. */
@Provider
public class ErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        return Problems.of(e.getResponse().getStatus(), null, e.getMessage());
    }
}
