package org.efp.dr.common.delivery;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Runs the {@link OutboxRelay} of this service for as long as the service runs. */
@ApplicationScoped
public class OutboxRelayService {

    private final DataSource dataSource;
    private final KafkaClientSettings kafka;
    private final String serviceName;
    private final Duration sweepInterval;
    private final Duration outboxRetention;
    private final Duration dedupWindow;
    private KafkaProducer<String, String> producer;
    private OutboxRelay relay;

    public OutboxRelayService(DataSource dataSource,
            KafkaClientSettings kafka,
            ServiceConfig service,
            OutboxConfig outbox,
            IntakeConfig intake) {
        this.outboxRetention = outbox.retention();
        this.dedupWindow = intake.dedupWindow();
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.serviceName = service.name();
        this.sweepInterval = outbox.sweepInterval();
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        relay = new OutboxRelay(dataSource, producer, sweepInterval, outboxRetention, dedupWindow)
                .start(serviceName);
    }

    @PreDestroy
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
