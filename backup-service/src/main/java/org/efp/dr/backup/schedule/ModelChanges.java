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
 * Backs models up when they change (the guide's model RPO is 5 minutes, its model schedule 12 hours): the model paths
 * are looked at every {@code dr.backup.models-change-check} (30 s; {@code off} turns it off).
 */
@Singleton
public class ModelChanges extends FileChangeWatch {

    public ModelChanges(BackupSettings settings, BackupRequests requests, Catalog catalog,
            Manifests manifests, EventPublisher publisher, Clock clock,
            @ConfigProperty(name = "dr.backup.models-change-check", defaultValue = "30s") String every) {
        super(BackupTargets.MODELS, BackupKind.MODELS, "model", settings.backup().modelPaths(), settings, requests,
                catalog, manifests, publisher, clock, every);
    }

    @Scheduled(every = "${dr.backup.models-change-check:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (watching()) {
            look();
        }
    }
}
