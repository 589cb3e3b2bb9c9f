package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class InfrastructureIT {

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    void kafkaBrokerDeliversARecordFromTheTopicsOwnerToItsConsumer() throws Exception {
        // Given
        String value = "hello-" + UUID.randomUUID();
        KafkaBroker kafka = infra.kafka();

        // When
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.clientConfig("backup-service"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("dr.backups", "k", value)).get();
        }

        // Then
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("notifier-service"));
        config.put("group.id", "notifier-service-kit-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("dr.backups"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                assertThat(seen).contains(value);
            });
        }
    }

    @Test
    void standbyStreamsWhatThePrimaryCommits() throws Exception {
        // Given
        String marker = UUID.randomUUID().toString();

        // When
        infra.primary().execute(Infrastructure.ENERGY_FORECAST,
                "CREATE TABLE IF NOT EXISTS kit_marker (v text); INSERT INTO kit_marker VALUES ('" + marker + "')");

        // Then
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Connection c = infra.standby().connect(Infrastructure.ENERGY_FORECAST);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), "
                            + "(SELECT count(*) FROM kit_marker WHERE v = '" + marker + "')")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("standby is in recovery").isTrue();
                assertThat(rs.getLong(2)).isEqualTo(1);
            }
        });
    }

    @Test
    void energyForecastIsSeededWithThePlatformSchema() throws Exception {
        // When
        try (Connection c = infra.primary().connect(Infrastructure.ENERGY_FORECAST);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM forecasts), "
                        + "(SELECT count(*) FROM meter_readings), (SELECT count(*) FROM model_registry)")) {
            rs.next();

            // Then
            assertThat(rs.getLong(1)).isPositive();
            assertThat(rs.getLong(2)).isPositive();
            assertThat(rs.getLong(3)).isEqualTo(3);
        }
    }

    @Test
    void s3ServerStoresAndReturnsAnObject() {
        // Given
        S3Server s3 = infra.s3();
        String key = "kit/" + UUID.randomUUID();

        // When
        try (S3Client client = S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build()) {
            client.createBucket(b -> b.bucket("kit-bucket"));
            client.putObject(b -> b.bucket("kit-bucket").key(key), RequestBody.fromString("payload"));
            String read = client.getObjectAsBytes(b -> b.bucket("kit-bucket").key(key)).asUtf8String();

            // Then
            assertThat(read).isEqualTo("payload");
        }
    }
}
