package org.efp.dr.common.topology;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.efp.dr.common.delivery.EventConsumer;
import org.efp.dr.common.delivery.ServiceConfig;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.PoisonEventException;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.common.events.Topics;
import org.jboss.logging.Logger;

/**
 * Follows {@code dr.topology} (published by failover-service) on channel {@code topology}: every instance reads
 * the compacted topic from its beginning on every start (a consumer group of its own, offsets from the earliest),
 * keeps the newest generation per cluster and fires a {@link TopologyChange} CDI event on each newer state. So a
 * service addresses the current primary instead of the one configured, and a restarted service finds the current
 * topology again. A service opts in at build time with {@code dr.topology.follow=true} and the channel's settings
 * (see backup-service's application.properties); the global {@code kafka.*} settings apply to it unchanged.
 * A record that is no valid DatabaseTopologyChanged, or whose source may not publish on the topic (only
 * failover-service may, {@link TopicProducers}), is dead-lettered with the reason and a header naming this service,
 * logged in one WARN line, and the follower goes on.
 */
@ApplicationScoped
@IfBuildProperty(name = "dr.topology.follow", stringValue = "true")
public class TopologyFollower {

    private static final Logger LOG = Logger.getLogger(TopologyFollower.class);

    private final TopologyState state = new TopologyState();
    private final Event<TopologyChange> changes;
    private final String consumer;

    public TopologyFollower(Event<TopologyChange> changes, ServiceConfig service) {
        this.changes = changes;
        this.consumer = service.name();
    }

    @Incoming("topology")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRecord(Message<String> message) {
        try {
            accept(decode(message.getPayload()));
            return message.ack();
        } catch (RuntimeException e) {
            IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElse(null);
            LOG.warnf("dead-lettering topology record consumer=%s partition=%s offset=%s: %s", consumer,
                    record == null ? "?" : record.getPartition(), record == null ? "?" : record.getOffset(),
                    e.getMessage());
            LOG.debug("dead-lettered topology record failure", e);
            return message.nack(e, EventConsumer.deadLetterMetadata(consumer));
        }
    }

    /** The topology state a raw record of the topic holds; throws {@link PoisonEventException} if none. */
    static DatabaseTopologyChanged decode(String raw) {
        ReceivedEvent event = EventCodec.decode(raw);
        TopicProducers.refusal(Topics.TOPOLOGY, event).ifPresent(reason -> {
            throw new PoisonEventException(PoisonEventException.Reason.FORBIDDEN_SOURCE, reason + " (event "
                    + event.id() + ")", null);
        });
        if (!(event.payload() instanceof DatabaseTopologyChanged topology)) {
            throw new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD,
                    event.type().ceType() + " " + event.id() + " does not belong on the topology topic", null);
        }
        return topology;
    }

    /** Takes a topology state (as received from the topic); observers hear of it when it is newer. */
    public void accept(DatabaseTopologyChanged topology) {
        Optional<TopologyChange> change;
        synchronized (this) {
            change = state.apply(topology);
            notifyAll();
        }
        if (change.isEmpty()) {
            LOG.debugf("older topology ignored cluster=%s generation=%d", topology.cluster(), topology.generation());
            return;
        }
        LOG.infof("topology cluster=%s generation=%d primary=%s standbys=%d timeline=%s reason=%s",
                topology.cluster(), topology.generation(),
                change.get().primaryAddress().orElse("none"), topology.standbys().size(), topology.timeline(),
                topology.reason());
        changes.fire(change.get());
    }

    /** The newest state of {@code cluster} heard of, empty before the first. */
    public Optional<DatabaseTopologyChanged> current(String cluster) {
        return state.current(cluster);
    }

    /**
     * The JDBC URL of {@code cluster}'s current primary: {@code staticUrl} (the configured primary) with host and
     * port replaced by those the newest topology names; {@code staticUrl} itself until the first topology arrives.
     *
     * @throws NoPrimaryException while the cluster has no primary
     */
    public String primaryJdbcUrl(String cluster, String staticUrl) {
        return state.primaryJdbcUrl(cluster, staticUrl);
    }

    /**
     * The JDBC URL of a database of the platform: on the cluster's current primary when the database is configured
     * on the cluster's configured primary server ({@code clusterUrl}), else where it is configured (another server,
     * which the cluster's failovers do not move).
     *
     * @throws NoPrimaryException while the cluster has no primary
     */
    public String databaseJdbcUrl(String cluster, String clusterUrl, String databaseUrl) {
        return TopologyState.address(databaseUrl).equals(TopologyState.address(clusterUrl))
                ? primaryJdbcUrl(cluster, databaseUrl)
                : databaseUrl;
    }

    /**
     * Waits (bounded) until a topology of {@code cluster} has been heard of, e.g. for a component that must not act
     * on the configured primary right after a restart while the topic is still being read. Returns whether it was.
     */
    public synchronized boolean awaitFirst(String cluster, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state.current(cluster).isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
