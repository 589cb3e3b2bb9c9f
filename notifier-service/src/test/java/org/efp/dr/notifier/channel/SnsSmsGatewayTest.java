package org.efp.dr.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.efp.dr.notifier.NotifierConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The SNS gateway against a loopback HTTP endpoint that answers like SNS's Publish API. */
class SnsSmsGatewayTest {

    private static final String PUBLISH_RESPONSE = """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>msg-123</MessageId></PublishResult>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </PublishResponse>""";

    private HttpServer sns;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSns() throws IOException {
        sns = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sns.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(URLDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8));
            }
            byte[] body = PUBLISH_RESPONSE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sns.start();
    }

    @AfterEach
    void stopSns() {
        sns.stop(0);
    }

    @Test
    void publishesATransactionalSmsToTheTeamPhone() {
        // Given
        URI endpoint = URI.create("http://127.0.0.1:" + sns.getAddress().getPort());
        try (SnsSmsGateway gateway = new SnsSmsGateway(sms(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))) {

            // When
            String messageId = gateway.send("+1234567891", "[CRITICAL] database: outage_detected");

            // Then
            assertThat(messageId).isEqualTo("msg-123");
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0)).contains("Action=Publish", "PhoneNumber=+1234567891",
                    "Message=[CRITICAL] database: outage_detected", "Transactional");
        }
    }

    private static NotifierConfig.Sms sms(URI endpoint) {
        return new NotifierConfig.Sms() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String region() {
                return "eu-west-1";
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.of(endpoint);
            }
        };
    }
}
