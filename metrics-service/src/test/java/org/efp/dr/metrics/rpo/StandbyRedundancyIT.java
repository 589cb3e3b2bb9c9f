package org.efp.dr.metrics.rpo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.DatabaseTopologyChanged.Node;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.Topics;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class StandbyRedundancyIT {

    @Inject
    TestClock clock;

    private static DatabaseTopologyChanged topology(String cluster, long generation, List<Node> standbys) {
        return new DatabaseTopologyChanged(cluster, generation, new Node("pg-1", 5432, null, null, null), standbys,
                List.of(), 2L, "failover", null, Instant.now());
    }

    @Test
    void aFailoverThatLeftNoStreamingStandbyShowsAsNoStandbyUntilOneStreamsAgain() {
        // Given
        String cluster = "redundancy_" + System.nanoTime();
        Events.send(clock, topology(cluster, 1, List.of(new Node("pg-0", 5432, null, null, false))));
        await().atMost(Events.TIMEOUT).until(() -> streamingStandbys(cluster) == 0.0);

        // When
        Events.send(clock, topology(cluster, 2, List.of(new Node("pg-0", 5432, 0L, 0.1, true))));

        // Then
        await().atMost(Events.TIMEOUT).until(() -> streamingStandbys(cluster) == 1.0);
    }

    @Test
    void aMalformedTopologyRecordIsDeadLetteredWithItsReasonAndTheFollowerGoesOn() {
        // Given
        String cluster = "poison_" + System.nanoTime();
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            kafka.send(Topics.TOPOLOGY, cluster, "{\"not\": \"a cloud event\", \"cluster\": \"" + cluster + "\"}");

            // When
            Events.send(clock, topology(cluster, 1, List.of(new Node("pg-0", 5432, 0L, 0.1, true))));

            // Then
            await().atMost(Events.TIMEOUT).until(() -> streamingStandbys(cluster) == 1.0);
            var dead = kafka.awaitRecord(Topics.DEAD_LETTER, r -> r.value().contains(cluster), Events.TIMEOUT);
            assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("NOT_A_CLOUDEVENT");
            assertThat(KafkaTestClient.header(dead, "dead-letter-consumer")).isEqualTo("metrics-service");
        }
    }

    @Test
    void aTopologyClaimingToComeFromAnOperatorIsDeadLetteredAndNotFollowed() {
        // Given
        String cluster = "forged_" + System.nanoTime();
        Events.send(clock, topology(cluster, 1, List.of(new Node("pg-0", 5432, 0L, 0.1, true))));
        await().atMost(Events.TIMEOUT).until(() -> streamingStandbys(cluster) == 1.0);
        CloudEvent forged = EventCodec.wrap(topology(cluster, 5, List.of()), "operator", Clock.systemUTC());

        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.shared().kafka().bootstrapServers())) {
            // When
            kafka.send(Topics.TOPOLOGY, cluster, EventCodec.encode(forged));
            Events.send(clock, topology(cluster, 2, List.of(new Node("pg-0", 5432, 0L, 0.1, true),
                    new Node("pg-2", 5432, 0L, 0.1, true))));

            // Then: generation 2 is followed, so the forged generation 5 was not
            await().atMost(Events.TIMEOUT).until(() -> streamingStandbys(cluster) == 2.0);
            var dead = kafka.awaitRecord(Topics.DEAD_LETTER, r -> r.value().contains(forged.id()), Events.TIMEOUT);
            assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).startsWith("FORBIDDEN_SOURCE")
                    .contains("source 'operator' may not publish on dr.topology");
            assertThat(KafkaTestClient.header(dead, "dead-letter-consumer")).isEqualTo("metrics-service");
        }
    }

    /** {@code dr_database_streaming_standbys{cluster=...}} at /q/metrics, or -1 when absent or NaN. */
    private static double streamingStandbys(String cluster) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^dr_database_streaming_standbys\\{[^}]*cluster=\"" + Pattern.quote(cluster)
                + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(body);
        if (!m.find() || m.group(1).equals("NaN")) {
            return -1;
        }
        return Double.parseDouble(m.group(1));
    }
}
