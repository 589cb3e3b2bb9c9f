package org.efp.dr.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void infrastructureProvisionsExactlyTheContractsTopics() {
        assertThat(Infrastructure.TOPICS).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(Infrastructure.COMPACTED_TOPICS).containsExactlyInAnyOrderElementsOf(Topics.COMPACTED);
    }

    @Test
    void everyEventTypeHasAProvisionedTopic() {
        for (EventType type : EventType.values()) {
            assertThat(Topics.ALL).contains(type.topic());
        }
    }
}
