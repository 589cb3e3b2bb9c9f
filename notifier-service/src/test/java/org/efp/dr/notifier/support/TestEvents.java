package org.efp.dr.notifier.support;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.EventType;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.TopicProducers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.KafkaTestClient;
import org.efp.dr.testkit.ServiceProbe;
import org.efp.dr.testkit.TestInfrastructure;

/** Builds events and sends them to the real broker as the other services would. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String incidentId() {
        return "inc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    public static OutageDetected outage(String incidentId, String component, Severity severity) {
        Instant detected = now();
        return new OutageDetected(incidentId, component, severity, "Forecast API answers 503 in every region",
                "alertmanager", detected.minusSeconds(90), detected, "fp-" + incidentId);
    }

    public static CloudEvent wrap(DrEvent payload) {
        return EventCodec.wrap(payload, TopicProducers.anyProducer(EventType.of(payload).topic()), Clock.systemUTC());
    }

    /** Sends an already wrapped event (send it twice to model a redelivery). */
    public static void send(CloudEvent event) {
        try (KafkaTestClient kafka = new KafkaTestClient(infra().kafka().bootstrapServers())) {
            kafka.send(EventType.ofCeType(event.type()).orElseThrow().topic(), event.subject(),
                    EventCodec.encode(event));
        }
    }

    /** Sends several events back to back through one producer, as a burst. */
    public static void sendAll(CloudEvent... events) {
        try (KafkaTestClient kafka = new KafkaTestClient(infra().kafka().bootstrapServers())) {
            for (CloudEvent event : events) {
                kafka.send(EventType.ofCeType(event.type()).orElseThrow().topic(), event.subject(),
                        EventCodec.encode(event));
            }
        }
    }

    public static CloudEvent send(DrEvent payload) {
        CloudEvent event = wrap(payload);
        send(event);
        return event;
    }

    public static boolean processed(String eventId) {
        return ServiceProbe.processed(infra(), "notifier", eventId);
    }

    /** A number from the notifier's schema. */
    public static long count(String sql) {
        return infra().stateDb().queryLong(Infrastructure.STATE_DATABASE, sql);
    }

    public static Infrastructure infra() {
        return TestInfrastructure.shared();
    }
}
