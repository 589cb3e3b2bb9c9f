package org.efp.dr.common.events;

/**
 * A record no consumer can ever process: it goes to the dead-letter topic with {@link #getMessage()} as the
 * reason, and the consumer moves on. Retrying it would fail the same way.
 */
public class PoisonEventException extends RuntimeException {

    /** Why a record was refused; also the metric tag. */
    public enum Reason {
        MALFORMED_JSON, NOT_A_CLOUDEVENT, UNKNOWN_TYPE, INVALID_PAYLOAD,
        /** The envelope's source may not publish on the topic, or the type does not belong there. */
        FORBIDDEN_SOURCE
    }

    private final Reason reason;

    public PoisonEventException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
