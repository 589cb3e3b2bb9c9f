package org.efp.dr.notifier.channel;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Email over SMTP (Quarkus Mailer). Limits are MicroProfile Fault Tolerance settings, overridable as
 * {@code org.efp.dr.notifier.channel.EmailChannel/send/Retry/maxRetries} and so on.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private final Mailer mailer;

    public EmailChannel(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 50, maxDuration = 60_000, abortOn = PermanentDeliveryException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.8, delay = 30_000, successThreshold = 2,
            skipOn = PermanentDeliveryException.class)
    @CircuitBreakerName("email")
    public void send(Outgoing message) {
        message.tried();
        mailer.send(Mail.withText(message.recipient().address(), message.subject(), message.body()));
    }
}
