package org.efp.dr.notifier.channel;

import java.time.temporal.ChronoUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.efp.dr.notifier.NotifierConfig;

/** SMS to a team's phone through an {@link SmsGateway} (AWS SNS when {@code dr.notifier.sms.enabled}). */
@ApplicationScoped
public class SmsChannel implements Channel {

    /** Longest text sent: one concatenated SMS of a few segments. */
    static final int MAX_LENGTH = 480;

    private final SmsGateway gateway;

    public SmsChannel(NotifierConfig config) {
        this.gateway = config.sms().enabled() ? new SnsSmsGateway(config.sms()) : null;
    }

    /** Whether SMS is set up. */
    public boolean configured() {
        return gateway != null;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SMS;
    }

    @Override
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 100, maxDuration = 60_000, abortOn = PermanentDeliveryException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.8, delay = 30_000, successThreshold = 2,
            skipOn = PermanentDeliveryException.class)
    @CircuitBreakerName("sms")
    public void send(Outgoing message) {
        message.tried();
        if (gateway == null) {
            throw new PermanentDeliveryException("SMS is not enabled (dr.notifier.sms.enabled)");
        }
        String text = message.subject() + "\n" + message.body();
        gateway.send(message.recipient().address(), text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text);
    }

    @PreDestroy
    void close() {
        if (gateway instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a client on shutdown: nothing left to do about it
            }
        }
    }
}
