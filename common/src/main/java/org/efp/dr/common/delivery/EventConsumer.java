package org.efp.dr.common.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every service's Kafka entry point, channel {@code events} (its topics are set in the service's configuration).
 * Poison records throw, so the connector moves them to {@code dr.dead-letter} with the reason header and goes on;
 * redeliveries are skipped by the {@link EventIntake}; the rest goes to the service's {@link EventHandler}. A
 * handling that fails for a passing reason (database restarting, deadlock, lock timeout) is tried again with
 * backoff ({@link TransientRetry}, about 20 s in all by default) before the record is dead-lettered.
 */
@ApplicationScoped
public class EventConsumer {

    private final EventIntake intake;
    private final EventHandler handler;
    private final String consumer;
    private final TransientRetry retry;

    public EventConsumer(EventIntake intake, EventHandler handler,
            @ConfigProperty(name = "dr.service.name") String consumer,
            @ConfigProperty(name = "dr.intake.retry.max-attempts", defaultValue = "8") int maxAttempts,
            @ConfigProperty(name = "dr.intake.retry.first-backoff", defaultValue = "200ms") Duration firstBackoff,
            @ConfigProperty(name = "dr.intake.retry.max-backoff", defaultValue = "10s") Duration maxBackoff) {
        this.intake = intake;
        this.handler = handler;
        this.consumer = consumer;
        this.retry = new TransientRetry(maxAttempts, firstBackoff, maxBackoff, d -> Thread.sleep(d.toMillis()));
    }

    @Incoming("events")
    @Blocking(ordered = true)
    public void onEvent(String raw) {
        // Each attempt is its own transaction: a failed one rolled back the handled-event record too.
        retry.run(consumer + " handling a record", () -> intake.accept(consumer, raw, handler::handle));
    }
}
