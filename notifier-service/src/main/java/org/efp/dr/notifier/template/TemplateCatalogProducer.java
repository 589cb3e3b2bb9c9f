package org.efp.dr.notifier.template;

import java.nio.file.Path;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import org.efp.dr.common.config.SeedConfig;

/** Builds the template catalog when the service starts, so a bad template stops it at once. */
public class TemplateCatalogProducer {

    @Produces
    @Singleton
    @Startup
    TemplateCatalog catalog(SeedConfig seed) {
        Map<String, String> env = System.getenv();
        String dir = env.get(SeedConfig.CONFIG_DIR_ENV);
        return TemplateCatalog.load(seed.templates(), dir == null || dir.isBlank() ? null : Path.of(dir), env);
    }
}
