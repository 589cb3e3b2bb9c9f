package org.efp.dr.backup.schedule;

import java.time.Clock;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.run.BackupTargets;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.BackupKind;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Backs the configs up when they change: the guide backs them up daily, while the API's recovery point they answer to
 * is under a minute. The config paths are looked at every {@code dr.backup.configs-change-check} (15 s, so a change
 * held for two looks is in a completed backup within the minute; {@code off} turns it off).
 */
@Singleton
public class ConfigChanges extends FileChangeWatch {

    public ConfigChanges(BackupSettings settings, BackupRequests requests, Catalog catalog,
            Manifests manifests, EventPublisher publisher, Clock clock,
            @ConfigProperty(name = "dr.backup.configs-change-check", defaultValue = "15s") String every) {
        super(BackupTargets.CONFIGS, BackupKind.CONFIGS, "config", settings.backup().configPaths(), settings,
                requests, catalog, manifests, publisher, clock, every);
    }

    @Scheduled(every = "${dr.backup.configs-change-check:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (watching()) {
            look();
        }
    }
}
