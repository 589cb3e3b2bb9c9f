package org.efp.dr.common.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every service's Kafka entry point, channel {@code events} (its topics are set in the service's configuration).
 * Poison records throw, so the connector moves them to {@code dr.dead-letter} with the reason header and goes on;
 * redeliveries are skipped by the {@link EventIntake}; the rest goes to the service's {@link EventHandler}.
 */
@ApplicationScoped
public class EventConsumer {

    private final EventIntake intake;
    private final EventHandler handler;
    private final String consumer;

    public EventConsumer(EventIntake intake, EventHandler handler,
            @ConfigProperty(name = "dr.service.name") String consumer) {
        this.intake = intake;
        this.handler = handler;
        this.consumer = consumer;
    }

    @Incoming("events")
    @Blocking(ordered = true)
    public void onEvent(String raw) {
        intake.accept(consumer, raw, handler::handle);
    }
}
