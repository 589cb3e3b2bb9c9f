package org.efp.dr.backup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where backups come from and go to. Schedules and retention come from backup-config.yaml, not from here. */
@ConfigMapping(prefix = "dr")
public interface BackupSettings {

    /** The object store. */
    S3 s3();

    /** The protected platform's databases. */
    EnergyForecast energyForecast();

    /** How backups are taken. */
    Backup backup();

    /** S3-compatible object store settings. */
    interface S3 {
        /** Endpoint URL; empty means AWS's regional endpoint. */
        Optional<String> endpoint();

        /** Region. */
        @WithDefault("us-east-1")
        String region();

        /** Access key id (from the environment or a secret). */
        Optional<String> accessKey();

        /** Secret access key (from the environment or a secret). */
        Optional<String> secretKey();

        /** Bucket holding every backup, manifest and WAL segment. */
        @WithDefault("efp-dr-backups")
        String bucket();

        /** Path-style addressing, needed by most S3-compatible servers. */
        @WithDefault("true")
        boolean pathStyle();
    }

    /** The energy_forecast platform's PostgreSQL. */
    interface EnergyForecast {
        /** The cluster's key on dr.topology, as failover-service publishes it (dr.failover.database.cluster). */
        @WithDefault("energy_forecast")
        String cluster();

        /** JDBC URL of the primary's energy_forecast database. */
        @WithDefault("jdbc:postgresql://127.0.0.1:15433/energy_forecast")
        String primaryUrl();

        /** JDBC URL of the timeseries database. */
        @WithDefault("jdbc:postgresql://127.0.0.1:15433/timeseries")
        String timeseriesUrl();

        /** Database user the backups connect as. */
        @WithDefault("postgres")
        String user();

        /** Its password (from the environment or a secret); empty for trust/peer authentication. */
        Optional<String> password();
    }

    /** Backup mechanics. */
    interface Backup {
        /** zstd level for dumps and archives (1 is fastest; 3 is zstd's default). */
        @WithDefault("1")
        int compressionLevel();

        /** zstd worker threads (0: single-threaded). */
        @WithDefault("2")
        int compressionWorkers();

        /** S3 multipart part size in bytes. */
        @WithDefault("16777216")
        int partSize();

        /** Directory of PostgreSQL client programs; empty: the newest under /usr/lib/postgresql, else PATH. */
        Optional<Path> pgBin();

        /**
         * Longest a pg_dump or pg_basebackup may run before it is killed and its backup FAILED (a hung connection must
         * not hold the backup slot forever); size it above the largest database's dump time.
         */
        @WithDefault("6h")
        Duration processTimeout();

        /** Directories packed by a "models" backup (the guide's /models and /metadata). */
        @WithDefault("/models,/metadata")
        List<Path> modelPaths();

        /** Directories packed by a "configs" backup (the guide's /configs). */
        @WithDefault("/configs")
        List<Path> configPaths();

        /** Whether backup schedules from backup-config.yaml run in this process. */
        @WithDefault("true")
        boolean schedulesEnabled();

        /**
         * Tables up to this size (bytes on disk) also get a content checksum in a FULL backup's manifest, taken in
         * the dump's snapshot in the same pass as the row count; larger ones only the exact row count.
         */
        @WithDefault("268435456")
        long contentChecksumMaxBytes();

        /** Client-side encryption of every stored data object (dumps, base backups, WAL, archives). */
        Encryption encryption();

        /** Sampling of the protected databases' size on disk ({@code dr_database_size_bytes}). */
        DatabaseSize databaseSize();

        /** Signing of manifests (HMAC-SHA256, {@code manifest.json.sig} beside each manifest). */
        Signing signing();

        /** S3 server-side encryption of stored objects: {@code AES256} or {@code aws:kms}; empty: none. */
        Optional<String> s3Sse();

        /** The KMS key (id, alias or ARN) for {@code aws:kms}; empty: the bucket's default KMS key. */
        Optional<String> s3SseKmsKeyId();

        /**
         * This instance's name in job leases and schedule claims; application.properties makes it unique per process
         * unless {@code DR_BACKUP_INSTANCE_ID} sets it.
         */
        String instanceId();

        /** A running backup whose heartbeat is older than this belongs to a worker that stopped. */
        @WithDefault("2m")
        Duration staleAfter();

        /** How often the worker looks for queued backups when nothing wakes it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often the worker renews the heartbeat (and stored progress) of the backups it runs. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** How often the worker looks for backups whose worker stopped. */
        @WithDefault("30s")
        Duration staleCheckInterval();

        /**
         * When the service is asked to stop (a rolling restart), how long a running backup may go on to its end before
         * it is interrupted (and failed, its objects removed): within the pod's termination grace period (60 s).
         */
        @WithDefault("45s")
        Duration shutdownGrace();

        /** How often GET /backups/{id}/events sends a running backup's progress. */
        @WithDefault("1s")
        Duration progressInterval();

        /** Continuous WAL archiving of the energy_forecast cluster. */
        Wal wal();
    }

    /** WAL streamed from the current primary into a local spool and shipped to S3. */
    interface Wal {
        /** Whether WAL is archived continuously by this process. */
        @WithDefault("true")
        boolean enabled();

        /** Local spool the WAL is streamed into before it is shipped. */
        @WithDefault("wal-spool")
        Path spoolDir();

        /** How often completed and partial segments are shipped to S3. */
        @WithDefault("1s")
        Duration shipInterval();

        /** WalArchived is published at most this often while the archive moves. */
        @WithDefault("10s")
        Duration reportInterval();

        /** After a start, how long to wait for the cluster's topology before streaming from the configured primary. */
        @WithDefault("15s")
        Duration topologyWait();

        /** The replication slot WAL is streamed through (created on whichever server is primary). */
        @WithDefault("efp_dr_wal_archive")
        String slot();
    }

    /**
     * The size of the protected databases, sampled on the server each is reachable on now (it follows a failover),
     * so alerts can compare it with the largest database the recovery objective restores in time.
     */
    interface DatabaseSize {
        /** Databases sampled: energy_forecast and/or timeseries (a gauge series each, labelled by this name). */
        @WithDefault("energy_forecast")
        List<String> databases();

        /** Time between samples (read by the sampler's schedule under the same key). */
        @WithDefault("60s")
        Duration interval();

        /** Longest one size query may run before it is cancelled; the sample is then skipped. */
        @WithDefault("10s")
        Duration timeout();
    }

    /** Client-side encryption (AES-256-GCM); both values come from a secret and are never logged. */
    interface Encryption {
        /** {@code keyid:base64-32-bytes[,keyid2:...]}: every key backups may be encrypted with; empty: off. */
        Optional<String> keys();

        /** The key id new objects are encrypted with (optional when only one key is listed). */
        Optional<String> activeKey();

        /**
         * Compatibility: also read objects of the first encrypted format, which are not bound to their key and
         * backup id (verification only; new objects are always bound).
         */
        @WithDefault("false")
        boolean acceptUnboundV1();
    }

    /**
     * Manifest signing keys ({@code DR_BACKUP_SIGNING_KEYS}, {@code DR_BACKUP_SIGNING_ACTIVE_KEY}); from a secret,
     * never logged. Empty: keys derived from the encryption keys; neither: manifests are unsigned.
     */
    interface Signing {
        /** {@code keyid:base64-32-to-64-bytes[,keyid2:...]}: every key manifests may be signed with. */
        Optional<String> keys();

        /** The key id new manifests are signed with (optional when only one key is listed). */
        Optional<String> activeKey();
    }
}
