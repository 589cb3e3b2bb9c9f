package org.efp.dr.common.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * Every service's refused request answers one shape, an RFC 9457 problem document ({@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail} (the human message), {@code reason} (a stable code),
 * plus {@code error} and {@code message} carrying the same text for clients written against the earlier bodies.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** The problem response of {@code status}; a 5xx never shows its internal message. */
    public static Response of(int status, String reason, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, reason, detail)).build();
    }

    /** The problem document itself. */
    public static Map<String, Object> body(int status, String reason, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String text = status >= 500 ? "internal error" : detail == null || detail.isBlank() ? title : detail;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", text);
        body.put("reason", reason == null ? title.toUpperCase(java.util.Locale.ROOT).replace(' ', '_') : reason);
        body.put("error", text);
        body.put("message", text);
        return body;
    }

    public static Response of(Response.Status status, String reason, String detail) {
        return of(status.getStatusCode(), reason, detail);
    }
}
