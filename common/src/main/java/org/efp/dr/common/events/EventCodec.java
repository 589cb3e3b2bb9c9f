package org.efp.dr.common.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON for the contract: wraps payloads in CloudEvents envelopes and turns raw records back into validated
 * payloads. Unknown fields are ignored (additive evolution); anything else wrong is a {@link PoisonEventException}.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private EventCodec() {
    }

    /** The mapper the contract is written with. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Wraps a payload in a new envelope with a fresh id. */
    public static CloudEvent wrap(DrEvent payload, String source, Clock clock) {
        return wrap(payload, source, UUID.randomUUID().toString(), clock);
    }

    /** Wraps a payload with a caller-chosen id, for ids that must stay stable when the same fact is replayed. */
    public static CloudEvent wrap(DrEvent payload, String source, String id, Clock clock) {
        EventType type = EventType.of(payload);
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, source, type.ceType(), payload.subject(),
                clock.instant(), "application/json", MAPPER.valueToTree(payload));
    }

    public static String encode(CloudEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.id(), e);
        }
    }

    /** Parses and validates a raw record value. */
    public static ReceivedEvent decode(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new PoisonEventException(PoisonEventException.Reason.MALFORMED_JSON, "empty record value", null);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException(PoisonEventException.Reason.MALFORMED_JSON,
                    e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            String what = tree == null || tree.isNull() ? "JSON null" : "a JSON " + tree.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT);
            throw new PoisonEventException(PoisonEventException.Reason.NOT_A_CLOUDEVENT,
                    "record value is " + what + ", not a CloudEvent object", null);
        }
        CloudEvent envelope;
        try {
            envelope = MAPPER.treeToValue(tree, CloudEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException(PoisonEventException.Reason.NOT_A_CLOUDEVENT, rootMessage(e), e);
        }
        EventType type = EventType.ofCeType(envelope.type()).orElseThrow(() -> new PoisonEventException(
                PoisonEventException.Reason.UNKNOWN_TYPE, "unknown event type " + envelope.type(), null));
        try {
            DrEvent payload = MAPPER.treeToValue(envelope.data(), type.payloadClass());
            return new ReceivedEvent(envelope, type, payload);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD,
                    envelope.type() + " " + envelope.id() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                return describe(mismatch);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    /** A field of the wrong type or missing, in the words of the contract rather than the parser's. */
    private static String describe(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("?");
        Class<?> type = e.getTargetType();
        Object value = e instanceof InvalidFormatException invalid ? invalid.getValue() : null;
        String expected = expected(type);
        if (value == null) {
            return type == boolean.class || type == Boolean.class
                    ? "field '" + field + "' is missing or not true/false"
                    : "field '" + field + "' is missing or not " + expected;
        }
        String shown = String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "…";
        }
        return "field '" + field + "' is '" + shown + "', not " + expected;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected kind";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true/false";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of names and values";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
