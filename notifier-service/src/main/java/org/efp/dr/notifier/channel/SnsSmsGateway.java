package org.efp.dr.notifier.channel;

import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import org.efp.dr.notifier.NotifierConfig;

/** SMS through AWS SNS (transactional messages); credentials come from the default AWS provider chain. */
public final class SnsSmsGateway implements SmsGateway, AutoCloseable {

    private final SnsClient sns;

    public SnsSmsGateway(NotifierConfig.Sms config) {
        this(config, DefaultCredentialsProvider.builder().build());
    }

    SnsSmsGateway(NotifierConfig.Sms config, AwsCredentialsProvider credentials) {
        SnsClientBuilder builder = SnsClient.builder()
                .credentialsProvider(credentials)
                .region(Region.of(config.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(15)));
        config.endpoint().ifPresent(builder::endpointOverride);
        this.sns = builder.build();
    }

    @Override
    public String send(String phoneNumber, String text) {
        return sns.publish(PublishRequest.builder()
                .phoneNumber(phoneNumber)
                .message(text)
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType",
                        MessageAttributeValue.builder().dataType("String").stringValue("Transactional").build()))
                .build()).messageId();
    }

    @Override
    public void close() {
        sns.close();
    }
}
