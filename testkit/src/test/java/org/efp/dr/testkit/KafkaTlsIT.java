package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SASL_SSL: the same principals and ACLs over TLS, and a client that does not trust the broker gets nowhere. */
class KafkaTlsIT {

    private static Path dir;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBrokerWithTls() {
        dir = Path.of("target", "kafka-tls-" + UUID.randomUUID()).toAbsolutePath();
        kafka = new KafkaBroker(dir, Ports.free(), Ports.free(), Ports.free()).start();
        kafka.createTopics(Infrastructure.TOPICS, Infrastructure.COMPACTED_TOPICS);
    }

    @AfterAll
    static void stop() {
        kafka.close();
        TestInfrastructure.delete(dir);
    }

    @Test
    void serviceAuthenticatedOverTlsPublishesOnItsTopic() {
        // Given
        String key = "tls-" + UUID.randomUUID();

        // When
        try (KafkaTestClient backup = new KafkaTestClient(kafka.tlsClientConfig("backup-service"))) {
            backup.send("dr.backups", key, "{\"over\":\"tls\"}");
        }

        // Then
        try (KafkaTestClient reader = new KafkaTestClient(kafka.tlsClientConfig(KafkaAccess.ADMIN))) {
            assertThat(reader.awaitRecord("dr.backups", r -> key.equals(r.key()), Duration.ofSeconds(30)).value())
                    .isEqualTo("{\"over\":\"tls\"}");
        }
    }

    @Test
    void clientThatDoesNotTrustTheBrokersCertificateCannotConnect() {
        // Given
        Map<String, Object> config = new HashMap<>(kafka.tlsClientConfig("backup-service"));
        config.remove("ssl.truststore.type");
        config.remove("ssl.truststore.location");
        KafkaTestClient untrusting = new KafkaTestClient(config);

        // When / Then
        try (untrusting) {
            assertThatThrownBy(() -> untrusting.send("dr.backups", "k", "{}"))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }
}
