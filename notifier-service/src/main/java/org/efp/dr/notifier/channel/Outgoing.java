package org.efp.dr.notifier.channel;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One message to one recipient on one channel; {@code attempts} counts the tries a channel made. */
public record Outgoing(UUID deliveryId, Recipient recipient, String subject, String body, AtomicInteger attempts) {

    public Outgoing {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(attempts, "attempts");
    }

    public Outgoing(UUID deliveryId, Recipient recipient, String subject, String body) {
        this(deliveryId, recipient, subject, body, new AtomicInteger());
    }

    /** Counts one try; channels call it first thing in every attempt. */
    public void tried() {
        attempts.incrementAndGet();
    }
}
