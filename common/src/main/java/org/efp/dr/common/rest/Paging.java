package org.efp.dr.common.rest;

/**
 * One page of a list endpoint, from its {@code limit} and {@code offset} query parameters as the client sent them:
 * absent means the default, anything else must be a whole number in range, or the request is refused with a message
 * naming the parameter ({@link IllegalArgumentException}, which every service answers as a 400 problem).
 */
public record Paging(int limit, int offset) {

    /** Largest offset accepted: deeper pages are a query to write, not to page through. */
    public static final int MAX_OFFSET = 1_000_000;

    public static Paging of(String limit, String offset, int defaultLimit, int maxLimit) {
        return new Paging(number("limit", limit, defaultLimit, 1, maxLimit), number("offset", offset, 0, 0,
                MAX_OFFSET));
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", was "
                + shown);
    }
}
