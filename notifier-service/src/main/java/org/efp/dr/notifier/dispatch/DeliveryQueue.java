package org.efp.dr.notifier.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.NotificationSent;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.channel.ChannelKind;
import org.efp.dr.notifier.channel.Outgoing;
import org.efp.dr.notifier.channel.Recipient;
import org.efp.dr.notifier.message.MessageStore;

/**
 * The deliveries waiting to go out. A claim leases rows (SKIP LOCKED, so replicas never share one); a lease that
 * runs out after a crash makes the row claimable again. Completing a delivery records the outcome and publishes
 * NotificationSent through the outbox in one transaction.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** Delivery states. */
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    /** A round failed for a passing reason; the delivery waits for its next round (metrics only). */
    public static final String RETRYING = "RETRYING";

    private static final String CLAIM = "UPDATE delivery d SET status = 'SENDING', "
            + "lease_until = clock_timestamp() + make_interval(secs => ?) FROM message m "
            + "WHERE m.id = d.message_id AND d.id IN (SELECT id FROM delivery WHERE channel = ? AND ((status = 'PENDING' "
            + "  AND (not_before IS NULL OR not_before <= clock_timestamp())) "
            + "  OR (status = 'SENDING' AND lease_until < clock_timestamp())) ORDER BY created_at LIMIT ? "
            + "  FOR UPDATE SKIP LOCKED) "
            + "RETURNING d.id, d.recipient, d.attempts, m.subject, m.body";
    private static final String COMPLETE = "UPDATE delivery d SET status = ?, attempts = ?, last_error = ?, "
            + "completed_at = clock_timestamp(), lease_until = NULL FROM message m WHERE m.id = d.message_id "
            + "AND d.id = ? RETURNING m.incident_id, m.templates, m.kind, m.first_event_time, m.cause_event_id, "
            + "d.channel, d.recipient, d.completed_at";

    private static final String ROUND = "SELECT rounds, extract(epoch FROM clock_timestamp() - created_at) AS age "
            + "FROM delivery WHERE id = ? FOR UPDATE";
    private static final String RETRY_LATER = "UPDATE delivery SET status = 'PENDING', attempts = ?, last_error = ?, "
            + "rounds = rounds + 1, lease_until = NULL, not_before = clock_timestamp() + make_interval(secs => ?) "
            + "WHERE id = ?";

    private final Jdbc jdbc;
    private final EventPublisher publisher;
    private final NotifierConfig config;

    public DeliveryQueue(DataSource dataSource, EventPublisher publisher, NotifierConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.publisher = publisher;
        this.config = config;
    }

    /** Leases up to {@code limit} deliveries of {@code channel}. */
    @Transactional
    public List<Outgoing> claim(ChannelKind channel, int limit) {
        return jdbc.query("claim deliveries", CLAIM, rs -> new Outgoing(rs.getObject("id", UUID.class),
                new Recipient(channel, rs.getString("recipient")), rs.getString("subject"), rs.getString("body"),
                new AtomicInteger(rs.getInt("attempts"))), config.dispatch().lease().toMillis() / 1000.0,
                channel.id(), limit);
    }

    /**
     * Puts a delivery whose round failed for a passing reason back in the queue for its next round, if the policy
     * still allows one; returns whether it did (otherwise the caller records it FAILED).
     */
    @Transactional
    public boolean retryLater(Outgoing message, String error, RetryPolicy policy) {
        String purpose = "requeue delivery " + message.deliveryId();
        Optional<Duration> delay = jdbc.one(purpose, ROUND, rs -> policy.nextDelay(rs.getInt("rounds") + 1,
                Duration.ofMillis(Math.round(rs.getDouble("age") * 1000))), message.deliveryId()).flatMap(d -> d);
        if (delay.isEmpty()) {
            return false;
        }
        return jdbc.update(purpose, RETRY_LATER, Math.max(1, message.attempts().get()), error,
                delay.get().toMillis() / 1000.0, message.deliveryId()) == 1;
    }

    private record Completed(NotificationSent event, Instant firstEventTime) {
    }

    /** Records the outcome and announces it; returns when the message's first event happened. */
    @Transactional
    public Instant complete(Outgoing message, boolean sent, String error) {
        int attempts = Math.max(1, message.attempts().get());
        String status = sent ? SENT : FAILED;
        Completed completed = jdbc.one("record delivery " + message.deliveryId(), COMPLETE, rs -> {
            String template = MessageStore.ESCALATION.equals(rs.getString("kind")) ? "escalation"
                    : rs.getString("templates").split(",")[0];
            return new Completed(new NotificationSent(message.deliveryId().toString(), rs.getString("incident_id"),
                    template, rs.getString("channel"), rs.getString("recipient"), status, attempts,
                    rs.getTimestamp("completed_at").toInstant(), rs.getString("cause_event_id")),
                    rs.getTimestamp("first_event_time").toInstant());
        }, status, attempts, error, message.deliveryId())
                .orElseThrow(() -> new IllegalStateException("no delivery " + message.deliveryId()));
        publisher.publish(completed.event(), "notification-" + message.deliveryId());
        return completed.firstEventTime();
    }
}
