package org.efp.dr.common.events;

import java.time.Clock;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
