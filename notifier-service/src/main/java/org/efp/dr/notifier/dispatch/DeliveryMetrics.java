package org.efp.dr.notifier.dispatch;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.efp.dr.notifier.channel.ChannelKind;

/** Per channel: deliveries by result, how long a send took, and how long from the event to delivery. */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(ChannelKind channel, String result, Duration sendTime, Instant firstEventTime) {
        Counter.builder("dr.notifier.deliveries").description("Deliveries by channel and result")
                .tag("channel", channel.id()).tag("result", result).register(registry).increment();
        Timer.builder("dr.notifier.send.duration").description("Time to hand one message to the channel")
                .tag("channel", channel.id()).publishPercentiles(0.5, 0.99).register(registry).record(sendTime);
        if (firstEventTime != null && DeliveryQueue.SENT.equals(result)) {
            Timer.builder("dr.notifier.event.to.delivery").description("From the event to its delivery")
                    .tag("channel", channel.id()).publishPercentiles(0.5, 0.99).register(registry)
                    .record(Duration.between(firstEventTime, Instant.now()));
        }
    }
}
