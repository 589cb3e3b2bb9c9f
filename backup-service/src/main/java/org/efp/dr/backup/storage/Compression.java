package org.efp.dr.backup.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.efp.dr.backup.config.BackupSettings;

/** The {@link Compressor} backup jobs share, with the I/O threads its uploads run on. */
@ApplicationScoped
public class Compression {

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-io");
        t.setDaemon(true);
        return t;
    });

    @Produces
    Compressor compressor(BackupSettings settings, ObjectStore store, ClientEncryption encryption) {
        BackupSettings.Backup b = settings.backup();
        return new Compressor(store, encryption, executor, b.compressionLevel(), b.compressionWorkers());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
