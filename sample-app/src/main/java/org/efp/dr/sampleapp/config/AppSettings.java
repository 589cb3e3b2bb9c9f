package org.efp.dr.sampleapp.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The served model and how its quality is measured. */
@ConfigMapping(prefix = "app")
public interface AppSettings {

    /** The live model directory: {@code <models-dir>/current} is the link restore-service switches. */
    Path modelsDir();

    /** How the served model is followed. */
    Models models();

    /** How the served model is scored. */
    Quality quality();

    /** Following the served model. */
    interface Models {
        /** How often the app looks whether {@code current} points at another version. */
        @WithDefault("5s")
        Duration reloadInterval();
    }

    /** Scoring the served model against the latest meter readings. */
    interface Quality {
        /** How often the served model is scored. */
        @WithDefault("15s")
        Duration interval();

        /** How many of the latest meter readings a score uses. */
        @WithDefault("480")
        int readings();
    }
}
