package org.efp.dr.metrics.rest;

import jakarta.ws.rs.BadRequestException;

/** Checks of request parameters; a bad one is a 400 with the reason. */
final class Requests {

    static final int MAX_LIMIT = 1000;

    private Requests() {
    }

    static int limit(String text) {
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number: " + text);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }

    static String id(String id, String name) {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new BadRequestException(name + " must be 1 to 200 characters");
        }
        return id;
    }
}
