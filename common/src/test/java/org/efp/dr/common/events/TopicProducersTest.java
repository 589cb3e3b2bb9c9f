package org.efp.dr.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.efp.dr.testkit.KafkaAccess;
import org.junit.jupiter.api.Test;

class TopicProducersTest {

    private static ReceivedEvent received(DrEvent payload, String source) {
        return EventCodec.decode(EventCodec.encode(EventCodec.wrap(payload, source, Clock.systemUTC())));
    }

    private static RecoveryCompleted recoveryCompleted() {
        Instant now = Instant.now();
        return new RecoveryCompleted("inc-1", "rec-1", "database", RecoveryAction.RESTORE_DATABASE,
                RecoveryStatus.SUCCEEDED, now, now, null, null, null, null, List.of());
    }

    @Test
    void brokerAclsLetExactlyTheAllowedSourcesWriteEachEventTopic() {
        // Given
        Map<String, Set<String>> writers = new TreeMap<>();
        KafkaAccess.GRANTS.values().forEach(grant -> grant.writes().stream()
                .filter(topic -> !topic.equals(Topics.DEAD_LETTER))
                .forEach(topic -> writers.computeIfAbsent(topic, t -> new TreeSet<>()).add(grant.principal())));

        // When
        Map<String, Set<String>> allowed = new TreeMap<>();
        TopicProducers.table().forEach((topic, sources) -> allowed.put(topic, new TreeSet<>(sources)));

        // Then
        assertThat(writers).isEqualTo(allowed);
    }

    @Test
    void everyEventTopicHasAtLeastOneProducer() {
        for (EventType type : EventType.values()) {
            assertThat(TopicProducers.allowed(type.topic())).as(type.topic()).isNotEmpty();
        }
    }

    @Test
    void recoveryOutcomeFromTheRestoreServiceIsAccepted() {
        // Given
        ReceivedEvent event = received(recoveryCompleted(), "restore-service");

        // When / Then
        assertThat(TopicProducers.refusal(Topics.RECOVERIES, event)).isEmpty();
    }

    @Test
    void recoveryOutcomeClaimingToBeFromAnOperatorIsRefusedWithTheAllowedSources() {
        // Given
        ReceivedEvent forged = received(recoveryCompleted(), "operator");

        // When / Then
        assertThat(TopicProducers.refusal(Topics.RECOVERIES, forged)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("source 'operator' may not publish on dr.recoveries")
                .contains("failover-service, restore-service"));
    }

    @Test
    void eventTypeOnAnotherTopicThanItsOwnIsRefused() {
        // Given
        ReceivedEvent misplaced = received(recoveryCompleted(), "restore-service");

        // When / Then
        assertThat(TopicProducers.refusal(Topics.COMMANDS, misplaced)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("belongs on dr.recoveries, not on dr.commands"));
    }
}
