package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Field checks for the compact constructors of event records; each names the field it rejects. */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    /** A component or target name: 1 to 64 lower-case letters, digits, '-', '_' and '.'. */
    public static String name(String value, String field) {
        text(value, field);
        if (value.length() > 64 || !value.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException(field + " must be 1-64 lower-case letters, digits, '.', '-' or '_': "
                    + abbreviate(value));
        }
        return value;
    }

    /**
     * An identifier that may become part of a path, an object key, a file name or a process argument: 1 to 128
     * characters, letters, digits, '.', '_', ':' and '-', starting with a letter or digit (so never "..", never an
     * option, never a separator, quote or space).
     */
    public static String id(String value, String field) {
        return id(value, field, 128);
    }

    /**
     * An identifier carried by an event: as {@link #id(String, String)} up to {@value #EVENT_ID_LENGTH} characters,
     * room for ids the platform derives from another (a saga's step of a recovery). Where one becomes a path, the
     * service that makes the path checks {@link #id(String, String)} too.
     */
    public static String eventId(String value, String field) {
        return id(value, field, EVENT_ID_LENGTH);
    }

    /** As {@link #eventId(String, String)} for an optional id. */
    public static String optionalEventId(String value, String field) {
        return value == null ? null : eventId(value, field);
    }

    /** Longest id an event may carry. */
    public static final int EVENT_ID_LENGTH = 200;

    private static String id(String value, String field, int max) {
        text(value, field);
        if (value.length() > max || !value.matches("[A-Za-z0-9][A-Za-z0-9._:-]*") || value.contains("..")) {
            throw new IllegalArgumentException(field + " must be 1-" + max + " letters, digits, '.', '_', ':' or '-', "
                    + "starting with a letter or digit: " + abbreviate(value));
        }
        return value;
    }

    /** Text of at most {@code max} characters (a fingerprint, a reason), required. */
    public static String text(String value, String field, int max) {
        text(value, field);
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters: " + abbreviate(value));
        }
        return value;
    }

    /** A value quoted in an error message, cut to a length a log line and a problem response can carry. */
    public static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "… (" + value.length() + " characters)";
    }

    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
        return value;
    }

    public static Long notNegative(Long value, String field) {
        return value == null ? null : notNegative(value.longValue(), field);
    }

    /** {@code later} is not before {@code earlier} when both are given. */
    public static void ordered(Instant earlier, Instant later, String earlierField, String laterField) {
        if (earlier != null && later != null && later.isBefore(earlier)) {
            throw new IllegalArgumentException(laterField + " (" + later + ") is before " + earlierField + " ("
                    + earlier + ")");
        }
    }

    public static String sha256(String value, String field) {
        if (value != null && !value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits");
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    public static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }
}
