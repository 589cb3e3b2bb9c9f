package org.efp.dr.notifier.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.efp.dr.notifier.NotifierConfig;

/** A Slack-compatible incoming webhook: POST {"text": ...}; 5xx and 429 are retried, other 4xx are not. */
@ApplicationScoped
public class ChatChannel implements Channel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final Duration timeout;
    private final HttpClient http;

    public ChatChannel(NotifierConfig config) {
        this.webhook = config.chat().webhookUrl().orElse(null);
        this.timeout = config.chat().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether a webhook is configured. */
    public boolean configured() {
        return webhook != null;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.CHAT;
    }

    @Override
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 50, maxDuration = 60_000, abortOn = PermanentDeliveryException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.8, delay = 30_000, successThreshold = 2,
            skipOn = PermanentDeliveryException.class)
    @CircuitBreakerName("chat")
    public void send(Outgoing message) throws IOException, InterruptedException {
        message.tried();
        if (webhook == null) {
            throw new PermanentDeliveryException("no chat webhook configured (dr.notifier.chat.webhook-url)");
        }
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(message))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String problem = "chat webhook answered " + status;
        if (status == 429 || status >= 500) {
            throw new IOException(problem);
        }
        throw new PermanentDeliveryException(problem);
    }

    static String payload(Outgoing message) throws JsonProcessingException {
        String text = "*" + message.subject() + "* (" + message.recipient().address() + ")\n" + message.body();
        return JSON.writeValueAsString(Map.of("text", text));
    }
}
