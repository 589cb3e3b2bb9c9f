package org.efp.dr.common.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The platform's S3 client, the same for every service that stores or reads backups: timeouts on every call, the
 * SDK's standard retries with backoff for 5xx and throttling, static keys when given (else the AWS default chain).
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** Where and how to reach the store. */
    public record Settings(Optional<String> endpoint, String region, Optional<String> accessKey,
            Optional<String> secretKey, boolean pathStyle, Duration attemptTimeout) {
    }

    public static S3Client create(Settings s) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s.region()))
                .forcePathStyle(s.pathStyle())
                // Backups keep a SHA-256 of every object in their manifest; no second checksum per request.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(s.attemptTimeout()));
        s.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        if (s.accessKey().isPresent() && s.secretKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
