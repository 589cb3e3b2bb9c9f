package org.efp.dr.common.events;

/** A decoded, validated event: its envelope and its typed payload. */
public record ReceivedEvent(CloudEvent envelope, EventType type, DrEvent payload) {

    public String id() {
        return envelope.id();
    }
}
