package org.efp.dr.notifier.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.efp.dr.common.rest.Problems;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Client errors answer with their reason as JSON, so a caller sees what to fix. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        return Problems.of(e.getResponse().getStatus(), null, e.getMessage());
    }
}
