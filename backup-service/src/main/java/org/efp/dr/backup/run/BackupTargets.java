package org.efp.dr.backup.run;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.artifacts.ArchiveJob;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.postgres.BaseBackupJob;
import org.efp.dr.backup.postgres.CurrentPrimary;
import org.efp.dr.backup.postgres.LogicalDumpJob;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.Compressor;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.wal.WalArchiver;
import org.efp.dr.backup.wal.WalSealJob;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.postgres.PgTools;

/** What can be backed up and how: the guide's two databases, the model artifacts and the configs. */
@ApplicationScoped
public class BackupTargets {

    public static final String ENERGY_FORECAST = "energy_forecast";
    public static final String TIMESERIES = "timeseries";
    public static final String MODELS = "models";
    public static final String CONFIGS = "configs";

    private final BackupSettings settings;
    private final PgTools tools;
    private final ObjectStore store;
    private final ClientEncryption encryption;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-io");
        t.setDaemon(true);
        return t;
    });
    private final CurrentPrimary databases;
    private final WalArchiver archiver;
    private final Catalog catalog;
    private final Manifests manifests;

    public BackupTargets(BackupSettings settings, PgTools tools, ObjectStore store, ClientEncryption encryption,
            WalArchiver archiver, Catalog catalog, CurrentPrimary databases, Manifests manifests) {
        this.settings = settings;
        this.tools = tools;
        this.store = store;
        this.encryption = encryption;
        this.archiver = archiver;
        this.catalog = catalog;
        this.manifests = manifests;
        // Databases are resolved per job: after a failover, the next backup goes to the new primary.
        this.databases = databases;
    }

    /** The kinds each target supports. */
    public Map<String, Set<BackupKind>> supported() {
        return Map.of(ENERGY_FORECAST, Set.of(BackupKind.FULL, BackupKind.BASE, BackupKind.INCREMENTAL),
                TIMESERIES, Set.of(BackupKind.FULL, BackupKind.BASE),
                MODELS, Set.of(BackupKind.MODELS), CONFIGS, Set.of(BackupKind.CONFIGS));
    }

    /** The job for {@code target}/{@code kind}; an unsupported pair is an {@link IllegalArgumentException}. */
    public BackupJob job(String target, BackupKind kind) {
        check(target, kind);
        BackupSettings.Backup b = settings.backup();
        Compressor compressor = new Compressor(store, encryption, executor, b.compressionLevel(),
                b.compressionWorkers());
        return switch (kind) {
            case FULL -> new LogicalDumpJob(databases.target(target), tools, compressor, b.contentChecksumMaxBytes());
            case BASE -> new BaseBackupJob(databases.target(target), tools, compressor);
            case MODELS -> new ArchiveJob(b.modelPaths(), compressor);
            case CONFIGS -> new ArchiveJob(b.configPaths(), compressor);
            case INCREMENTAL -> new WalSealJob(databases.target(target), archiver, catalog, store,
                    manifests);
        };
    }

    /**
     * Refuses a target/kind pair that does not exist ({@link IllegalArgumentException}); where the database is now
     * is looked up only when the job runs.
     */
    public void check(String target, BackupKind kind) {
        Set<BackupKind> kinds = supported().get(target);
        if (kinds == null) {
            throw new IllegalArgumentException("unknown backup target '" + target + "'; known: "
                    + supported().keySet());
        }
        if (!kinds.contains(kind)) {
            throw new IllegalArgumentException("target '" + target + "' has no " + kind + " backups; it has " + kinds);
        }
    }

    public List<String> databaseTargets() {
        return List.of(ENERGY_FORECAST, TIMESERIES);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
