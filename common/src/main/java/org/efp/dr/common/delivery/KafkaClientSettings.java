package org.efp.dr.common.delivery;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

/**
 * The service's Kafka client settings for clients it makes itself (the outbox relay, admin and replay clients):
 * every {@code kafka.*} key, as SmallRye Reactive Messaging applies to its channels, so bootstrap servers, SASL and
 * TLS are configured once for all of them.
 */
@ApplicationScoped
public class KafkaClientSettings {

    private static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";

    private final Config config;

    public KafkaClientSettings(Config config) {
        this.config = config;
    }

    /** A fresh, mutable copy of the {@code kafka.*} settings with the prefix removed. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            // As Quarkus does for channels: KAFKA_SSL_TRUSTSTORE_LOCATION (environment) is ssl.truststore.location.
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.putIfAbsent(key, value));
            }
        }
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> settings.put(name.substring(PREFIX.length()), value));
            }
        }
        if (!settings.containsKey("bootstrap.servers")) {
            throw new IllegalStateException("kafka.bootstrap.servers is not configured");
        }
        return settings;
    }
}
