package org.efp.dr.common.delivery;

import io.smallrye.config.ConfigMapping;

/** Who this service is on the platform: set by every service in its application.properties. */
@ConfigMapping(prefix = "dr.service")
public interface ServiceConfig {

    /**
     * The service's name: the CloudEvents {@code source} of what it publishes, its consumer name on Kafka and in
     * dead-letter headers, and its Kafka principal.
     */
    String name();
}
