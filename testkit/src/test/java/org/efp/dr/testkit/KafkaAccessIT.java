package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The broker refuses who it does not know and what a principal was not granted. */
class KafkaAccessIT {

    private final KafkaBroker kafka = TestInfrastructure.shared().kafka();

    private static Map<String, Object> withoutCredentials(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    @Test
    void producerWithoutCredentialsCannotPublishACommand() {
        // Given
        KafkaTestClient anonymous = new KafkaTestClient(withoutCredentials(kafka.bootstrapServers()));

        // When / Then
        try (anonymous) {
            assertThatThrownBy(() -> anonymous.send("dr.commands", "energy_forecast", "{}"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void producerWithAWrongPasswordIsRefusedAuthentication() {
        // Given
        KafkaTestClient impostor = new KafkaTestClient(
                KafkaBroker.clientConfig(kafka.bootstrapServers(), "failover-service", "not-the-password"));

        // When / Then
        try (impostor) {
            assertThatThrownBy(() -> impostor.send("dr.incidents", "db", "{}"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void notifierServiceCannotWriteCommands() {
        // Given
        KafkaTestClient notifier = new KafkaTestClient(kafka.clientConfig("notifier-service"));

        // When / Then
        try (notifier) {
            assertThatThrownBy(() -> notifier.send("dr.commands", "energy_forecast", "{}"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void operatorCannotForgeARecoveryOutcome() {
        // Given
        KafkaTestClient operator = new KafkaTestClient(kafka.clientConfig(KafkaAccess.OPERATOR));

        // When / Then
        try (operator) {
            assertThatThrownBy(() -> operator.send("dr.recoveries", "inc-1", "{}"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void operatorCanPublishACommandThatTheKitSees() {
        // Given
        String key = "op-" + UUID.randomUUID();

        // When
        try (KafkaTestClient operator = new KafkaTestClient(kafka.clientConfig(KafkaAccess.OPERATOR))) {
            operator.send("dr.commands", key, "{\"op\":true}");
        }

        // Then
        try (KafkaTestClient admin = new KafkaTestClient(kafka.bootstrapServers())) {
            assertThat(admin.awaitRecord("dr.commands", r -> key.equals(r.key()), Duration.ofSeconds(30)).value())
                    .isEqualTo("{\"op\":true}");
        }
    }
}
