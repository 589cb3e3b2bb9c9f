package org.efp.dr.restore.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of restore-service: where backups are, where databases live, how restores run. */
@ConfigMapping(prefix = "dr")
public interface RestoreSettings {

    /** The backup bucket. */
    S3 s3();

    /** The databases restores go to. */
    EnergyForecast energyForecast();

    /** How restores and drills run. */
    Restore restore();

    /** S3 access. */
    interface S3 {
        /** Endpoint override (S3-compatible stores); absent means AWS. */
        Optional<String> endpoint();

        /** Bucket holding backups. */
        @WithDefault("efp-dr-backups")
        String bucket();

        /** Region of the bucket. */
        @WithDefault("us-east-1")
        String region();

        /** Access key; absent means the default credentials chain. */
        Optional<String> accessKey();

        /** Secret key; never logged. */
        Optional<String> secretKey();
    }

    /** Database servers of the platform. */
    interface EnergyForecast {
        /** The cluster's key on dr.topology, as failover-service publishes it (dr.failover.database.cluster). */
        @WithDefault("energy_forecast")
        String cluster();

        /** JDBC URL of the energy_forecast primary. */
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/energy_forecast")
        String primaryUrl();

        /** JDBC URL of the timeseries database. */
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/timeseries")
        String timeseriesUrl();

        /** Database user restores connect as. */
        @WithDefault("postgres")
        String user();

        /** Password of that user, if any; never logged. */
        Optional<String> password();
    }

    /** Restore behaviour. */
    interface Restore {
        /** Directory holding downloads, new data directories and model versions. */
        @WithDefault("/var/lib/efp-dr/restore")
        Path workDir();

        /** Directory of PostgreSQL programs; detected under /usr/lib/postgresql when absent. */
        Optional<Path> pgBin();

        /** How often GET /restores/{id}/events sends a running restore's progress. */
        @WithDefault("1s")
        Duration progressInterval();

        /** pg_restore parallel jobs. */
        @WithDefault("2")
        int parallelJobs();

        /** maintenance_work_mem of pg_restore's sessions (index builds), a PostgreSQL memory size. */
        @WithDefault("512MB")
        String maintenanceWorkMem();

        /** How often the worker looks for queued jobs. */
        @WithDefault("1s")
        Duration pollInterval();

        /** A running job whose heartbeat is older than this belongs to a crashed worker. */
        @WithDefault("60s")
        Duration staleAfter();

        /** How often the worker renews the heartbeat (and stored progress) of the jobs it runs. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** How often the worker looks for jobs whose worker stopped. */
        @WithDefault("15s")
        Duration staleCheckInterval();

        /**
         * When the service is asked to stop (a rolling restart), how long a running restore or drill may go on to its
         * end before it is interrupted (and taken over by another replica): within the pod's termination grace period
         * (60 s).
         */
        @WithDefault("45s")
        Duration shutdownGrace();

        /** Throughput assumed for the ETA before any restore was measured, bytes per second. */
        @WithDefault("52428800")
        long defaultRateBytesPerSecond();

        /** Directory the restored model versions are switched in ({@code current} symlink). */
        @WithDefault("/var/lib/efp-dr/models")
        Path modelsDir();

        /**
         * Whether a restore into the live target (a database replaced in place, the live model directory) asks
         * failover-service to stop the affected services first and start them again once it verified.
         */
        @WithDefault("true")
        boolean controlServices();

        /** Deployments each component's restore stops and starts again, comma-separated (component → names). */
        Map<String, String> affectedServices();

        /** How long a restore waits for failover-service to confirm it stopped or started the services. */
        @WithDefault("10m")
        Duration serviceControlTimeout();

        /**
         * How database drills restore unless a drill names it: {@code auto} (physical BASE + WAL when a base backup
         * exists, else the FULL dump), {@code physical} or {@code logical}.
         */
        @WithDefault("auto")
        String drillDatabaseMode();

        /** Bounds on what a model archive may hold; a restore exceeding one is refused before it is served. */
        ModelLimits models();

        /** Whether drills run on their schedule (tests request them instead). */
        @WithDefault("true")
        boolean drillsScheduled();

        /** The provisioned spare node a DATABASE_REBUILD builds a new primary on. */
        Rebuild rebuild();
    }

    /**
     * The spare node of a DATABASE_REBUILD (dr.restore.rebuild.*): a fixed data directory and port on this host. A
     * rebuild is refused while {@code data-dir} or {@code port} is unset.
     */
    interface Rebuild {
        /** Data directory of the new primary; an existing one is moved aside (kept), never deleted. */
        Optional<Path> dataDir();

        /** Port the new primary listens on. */
        Optional<Integer> port();

        /** Address the new primary listens on and others connect to (the location reported). */
        @WithDefault("127.0.0.1")
        String host();

        /** Extra server settings (name → value) written into the new primary's postgresql.auto.conf. */
        Map<String, String> conf();
    }

    /** Caps on a model archive (dr.restore.models.*), sized for real models; the manifest's sizes bound it too. */
    interface ModelLimits {
        /** Most entries (files and directories) an archive may hold. */
        @WithDefault("100000")
        int maxEntries();

        /** Largest single file, bytes (20 GiB). */
        @WithDefault("21474836480")
        long maxEntryBytes();

        /** Most bytes of files in all (50 GiB). */
        @WithDefault("53687091200")
        long maxTotalBytes();

        /** Longest entry name, bytes. */
        @WithDefault("1024")
        int maxNameLength();

        /** The watch over a restored model (the guide's monitor_predictions). */
        Monitor monitor();
    }

    /**
     * The guide's {@code monitor_predictions(duration='1h')} after a model restore (dr.restore.models.monitor.*):
     * the restored version's error rate, latency p95 and forecast error, read from Prometheus, against thresholds.
     */
    interface Monitor {
        /** Prometheus' base URL (its HTTP API answers under /api/v1); unset: restores are not watched, and say so. */
        Optional<String> prometheusUrl();

        /** How long the restored model is watched before the restore counts as healthy. */
        @WithDefault("1h")
        Duration window();

        /** How often the watch asks Prometheus. */
        @WithDefault("30s")
        Duration interval();

        /** The Prometheus job that scrapes the model-serving app. */
        @WithDefault("ml-service")
        String job();

        /** The range the error rate and latency are computed over (PromQL rate window). */
        @WithDefault("5m")
        Duration rateWindow();

        /** Highest share of failed forecast requests (0 to 1) before the model counts as degraded. */
        @WithDefault("0.05")
        double maxErrorRate();

        /** Highest 95th percentile forecast latency before the model counts as degraded. */
        @WithDefault("2s")
        Duration maxLatencyP95();

        /** Highest mean absolute forecast error in MW against the latest meter readings. */
        @WithDefault("5.0")
        double maxMeanAbsoluteErrorMw();

        /** How many Prometheus queries in a row may fail before the watch gives up (and says it could not watch). */
        @WithDefault("3")
        int maxUnanswered();

        /** Timeout of one Prometheus query. */
        @WithDefault("10s")
        Duration queryTimeout();
    }
}
