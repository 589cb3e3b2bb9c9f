package org.efp.dr.common.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. {@code data} is kept as a tree so an envelope can be read
 * and forwarded before (or without) binding its payload.
 */
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The Kafka content-type header value of structured-mode CloudEvents. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be " + SPEC_VERSION + ": " + specversion);
        }
        Require.text(id, "id");
        Require.text(source, "source");
        Require.text(type, "type");
        Require.present(time, "time");
        Require.present(data, "data");
        if (datacontenttype == null) {
            datacontenttype = "application/json";
        }
    }
}
