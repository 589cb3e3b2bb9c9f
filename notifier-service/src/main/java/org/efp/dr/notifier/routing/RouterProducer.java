package org.efp.dr.notifier.routing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.channel.Channels;

/** Builds the router at start-up, so a component mapped to a team contacts.yaml lacks stops the service. */
public class RouterProducer {

    @Produces
    @Singleton
    @Startup
    Router router(SeedConfig seed, NotifierConfig config, Channels channels) {
        return new Router(seed.contacts(), config.routing(), channels.available());
    }
}
