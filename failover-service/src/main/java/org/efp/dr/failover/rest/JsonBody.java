package org.efp.dr.failover.rest;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads request bodies so that a bad one is a 400 naming the problem (a record's validation message included). */
@ApplicationScoped
public class JsonBody {

    private final ObjectMapper json;

    public JsonBody(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(String body, Class<T> type, String what) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("a JSON body is required: " + what);
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid request body: " + ErrorMappers.reason(e));
        }
    }
}
