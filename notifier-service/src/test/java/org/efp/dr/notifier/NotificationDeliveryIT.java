package org.efp.dr.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.Topics;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.Mailbox;
import org.efp.dr.notifier.support.NotifierTestServers;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.KafkaTestClient;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class NotificationDeliveryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void outageDetectedIsEmailedToThePrimaryContactWithEveryFieldOfTheEvent() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "api", Severity.HIGH);

        // When
        TestEvents.send(outage);

        // Then
        Mailbox.Email email = await().atMost(TIMEOUT).until(
                () -> NotifierTestServers.mailbox().withSubjectContaining(outage.incidentId()), m -> m.size() == 1).get(0);
        assertThat(email.to()).isEqualTo("infra-lead@company.com");
        assertThat(email.subject()).contains("[HIGH]", "outage_detected");
        assertThat(email.body()).contains(
                "ALERT: System outage detected",
                "Time: " + outage.detectedAt(),
                "Component: api",
                "Impact: Forecast API answers 503 in every region",
                "Recovery ETA: " + outage.detectedAt().plus(Duration.ofMinutes(15)) + " (RTO 15m)",
                "Actions: Restart the API pods; scale out if the error rate stays high.");
    }

    @Test
    void outageDetectedIsPostedToTheChatWebhook() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "database", Severity.MEDIUM);

        // When
        TestEvents.send(outage);

        // Then
        List<String> posts = await().atMost(TIMEOUT).until(
                () -> NotifierTestServers.chat().bodiesContaining(outage.incidentId()), p -> p.size() == 1);
        assertThat(posts.get(0)).startsWith("{\"text\":").contains("#database", "ALERT: System outage detected",
                "Component: database");
    }

    @Test
    void everyDeliveryIsInTheDeliveryLogAndAnnouncedAsNotificationSent() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "ml-models", Severity.HIGH);

        // When
        TestEvents.send(outage);

        // Then
        await().atMost(TIMEOUT).untilAsserted(() -> Callers.viewer()
                .queryParam("incidentId", outage.incidentId())
                .when().get("/api/deliveries")
                .then().statusCode(200)
                .body("channel", hasItems("email", "chat"))
                .body("recipient", hasItems("ml-lead@company.com", "#ml"))
                .body("status", hasItems("SENT"))
                .body("attempts", hasItems(1)));
        try (KafkaTestClient kafka = new KafkaTestClient(TestEvents.infra().kafka().bootstrapServers())) {
            ConsumerRecord<String, String> sent = kafka.awaitRecord(Topics.NOTIFICATIONS,
                    r -> outage.incidentId().equals(r.key()) && r.value().contains("\"channel\":\"email\""), TIMEOUT);
            assertThat(sent.value()).contains("org.efp.dr.NotificationSent.v1", "\"status\":\"SENT\"",
                    "\"recipient\":\"ml-lead@company.com\"", "\"template\":\"outage_detected\"");
        }
    }

    @Test
    void deliveriesAreCountedAndTimedPerChannelInPrometheusMetrics() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "cache", Severity.MEDIUM);

        // When
        TestEvents.send(outage);

        // Then
        await().atMost(TIMEOUT).until(() -> NotifierTestServers.chat().bodiesContaining(outage.incidentId()), p -> !p.isEmpty());
        await().atMost(TIMEOUT).untilAsserted(() -> given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("dr_notifier_deliveries_total{channel=\"chat\",result=\"SENT\"}"))
                .body(containsString("dr_notifier_event_to_delivery_seconds_count{channel=\"email\"}"))
                .body(containsString("dr_notifier_send_duration_seconds_count{channel=\"chat\"}")));
    }

    @Test
    void deliveryLogQueryWithAnUnknownStatusIsRefusedWithItsReason() {
        // Given
        String status = "DELIVERED-ISH";

        // When / Then
        Callers.viewer()
                .queryParam("status", status)
                .when().get("/api/deliveries")
                .then().statusCode(400)
                .body("error", containsString("status must be one of"));
    }

    @Test
    void deliveryLogNeedsALogin() {
        // Given
        String path = "/api/deliveries";

        // When / Then
        given().when().get(path).then().statusCode(401);
    }
}
