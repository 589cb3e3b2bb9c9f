package org.efp.dr.common.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Every service's Kafka entry point, channel {@code events} (its topics are set in the service's configuration).
 * <ul>
 * <li>Poison records (malformed, unknown, or from a source that may not publish on the topic) and handlings that
 * fail for good are nacked, so the connector moves them to {@code dr.dead-letter} with the reason header and a
 * {@value #CONSUMER_HEADER} header naming this service, and goes on.</li>
 * <li>A handling that fails for a passing reason ({@link TransientRetry#isTransient}: state database down or
 * restarting, deadlock, lock timeout) is retried with backoff for as long as it takes, never dead-lettered; the
 * record stays unacknowledged (its offset is not committed, the partition waits) and {@link IntakeStall} keeps the
 * service's readiness DOWN meanwhile. A shutdown leaves the record unacknowledged, so it is read again.</li>
 * <li>Redeliveries are skipped by the {@link EventIntake}; the rest goes to the service's {@link EventHandler}.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumer {

    /** Header of a dead-letter record naming the consumer (service and consumer group) that refused it. */
    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final EventIntake intake;
    private final EventHandler handler;
    private final IntakeStall stall;
    private final String consumer;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public EventConsumer(EventIntake intake, EventHandler handler, IntakeStall stall, ServiceConfig service,
            IntakeConfig config) {
        this.intake = intake;
        this.handler = handler;
        this.stall = stall;
        this.consumer = service.name();
        this.firstBackoff = config.retry().firstBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    @Incoming("events")
    @Blocking(ordered = true)
    public CompletionStage<Void> onEvent(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        String topic = record == null ? "unknown" : record.getTopic();
        try {
            if (!handleUntilDone(topic, message.getPayload(), record)) {
                LOG.infof("stopping with a record unhandled consumer=%s topic=%s offset=%s; it is read again at start",
                        consumer, topic, record == null ? "?" : record.getOffset());
                return CompletableFuture.completedFuture(null);
            }
            return message.ack();
        } catch (RuntimeException e) {
            return deadLetter(message, record, topic, e);
        }
    }

    /** Handles the record, retrying passing failures; false when the service stops before it went through. */
    private boolean handleUntilDone(String topic, String raw, IncomingKafkaRecordMetadata<?, ?> record) {
        Duration backoff = firstBackoff;
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    // Each attempt is its own transaction: a failed one rolled back the handled-event record too.
                    intake.accept(consumer, topic, raw, handler::handle);
                    if (attempt > 1) {
                        LOG.infof("record handled after %d attempts consumer=%s topic=%s offset=%s", attempt,
                                consumer, topic, record == null ? "?" : record.getOffset());
                    }
                    return true;
                } catch (RuntimeException e) {
                    if (!TransientRetry.isTransient(e)) {
                        throw e;
                    }
                    String why = describe(e);
                    stall.failing(attempt, why);
                    LOG.warnf("handling failed for a passing reason, retrying in %d ms consumer=%s topic=%s "
                            + "offset=%s attempt=%d: %s", backoff.toMillis(), consumer, topic,
                            record == null ? "?" : record.getOffset(), attempt, why);
                    LOG.debug("passing failure", e);
                    if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            stall.moving();
        }
    }

    /** The failure's message with its causes' (a wrapped SQLException's text is often the useful part). */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message.strip()) < 0) {
                text.append(text.isEmpty() ? "" : " <- ").append(message.strip());
            }
        }
        return text.isEmpty() ? failure.getClass().getName() : text.toString();
    }

    private CompletionStage<Void> deadLetter(Message<String> message, IncomingKafkaRecordMetadata<?, ?> record,
            String topic, RuntimeException failure) {
        LOG.warnf("dead-lettering record consumer=%s topic=%s partition=%s offset=%s: %s", consumer, topic,
                record == null ? "?" : record.getPartition(), record == null ? "?" : record.getOffset(),
                failure.getMessage());
        LOG.debug("dead-lettered record failure", failure);
        return message.nack(failure, deadLetterMetadata(consumer));
    }

    /** Metadata for a nack that puts the {@value #CONSUMER_HEADER} header naming {@code consumer} on the record. */
    public static Metadata deadLetterMetadata(String consumer) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CONSUMER_HEADER, consumer.getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }
}
