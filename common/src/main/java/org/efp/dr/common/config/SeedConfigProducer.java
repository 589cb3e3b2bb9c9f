package org.efp.dr.common.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/** Loads and validates the guide's configuration when a service starts, so a wrong file stops it at once. */
public class SeedConfigProducer {

    @Produces
    @Singleton
    @Startup
    SeedConfig seedConfig() {
        return SeedConfig.fromEnvironment();
    }
}
