package org.efp.dr.common.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may publish on each topic, by CloudEvents {@code source}: the services by their {@code dr.service.name},
 * {@code operator} for people and scripts, {@code alertmanager} for an alert bridge. The broker's ACLs (one Kafka
 * principal per name, testkit's {@code KafkaAccess} and {@code deploy/}) enforce the same table on the wire; a
 * consumer checks it again so a record whose envelope claims someone else is dead-lettered, not obeyed.
 */
public final class TopicProducers {

    /** People and scripts (./dr send, runbooks). */
    public static final String OPERATOR = "operator";
    /** Alertmanager, or a bridge from it. */
    public static final String ALERTMANAGER = "alertmanager";

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            Topics.COMMANDS, Set.of(OPERATOR, "restore-service", "failover-service"),
            Topics.BACKUPS, Set.of("backup-service"),
            Topics.INCIDENTS, Set.of("failover-service", OPERATOR, ALERTMANAGER),
            Topics.RECOVERIES, Set.of("restore-service", "failover-service"),
            Topics.DRILLS, Set.of("restore-service", "failover-service"),
            Topics.NOTIFICATIONS, Set.of("notifier-service"),
            Topics.METRICS, Set.of("metrics-service"),
            Topics.TOPOLOGY, Set.of("failover-service"));

    private TopicProducers() {
    }

    /** The sources allowed on {@code topic}; empty for a topic no event is published on (the dead-letter topic). */
    public static Set<String> allowed(String topic) {
        return ALLOWED.getOrDefault(topic, Set.of());
    }

    /** One source allowed on {@code topic} (the first by name), for tools and tests that publish as someone. */
    public static String anyProducer(String topic) {
        return allowed(topic).stream().sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event is published on " + topic));
    }

    /** Every topic with its allowed sources. */
    public static Map<String, Set<String>> table() {
        return ALLOWED;
    }

    /**
     * Why {@code event}, read from {@code topic}, must be refused, or empty when it may be handled: its type must
     * belong to the topic and its source must be one of the topic's producers.
     */
    public static Optional<String> refusal(String topic, ReceivedEvent event) {
        if (!event.type().topic().equals(topic)) {
            return Optional.of("event type " + event.envelope().type() + " belongs on " + event.type().topic()
                    + ", not on " + topic);
        }
        Set<String> allowed = allowed(topic);
        String source = event.envelope().source();
        if (!allowed.contains(source)) {
            return Optional.of("source '" + source + "' may not publish on " + topic + " (allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        return Optional.empty();
    }
}
