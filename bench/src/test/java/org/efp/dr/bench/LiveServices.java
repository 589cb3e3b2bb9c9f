package org.efp.dr.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;

/** The environment of the service processes the live end-to-end tests start around a local model directory. */
final class LiveServices {

    private LiveServices() {
    }

    /** backup-service: no schedules (the test takes its backups), its WAL spool in {@code work}, the served model. */
    static Map<String, String> backupEnv(Map<String, String> login, Path work, Path models) {
        Map<String, String> env = new LinkedHashMap<>(login);
        env.putAll(Map.of("DR_BACKUP_SCHEDULES_ENABLED", "false",
                "DR_BACKUP_WAL_SPOOL_DIR", work.resolve("wal-spool").toString(),
                "DR_BACKUP_MODEL_PATHS", models.resolve("current/models") + "," + models.resolve("current/metadata")));
        return env;
    }

    /** restore-service: its work directory in {@code work}, restoring into {@code models}, no scheduled drills. */
    static Map<String, String> restoreEnv(Map<String, String> login, Path work, Path models) {
        Map<String, String> env = new LinkedHashMap<>(login);
        env.putAll(Map.of("DR_RESTORE_WORK_DIR", work.resolve("restore-work").toString(),
                "DR_MODELS_DIR", models.toString(), "DR_RESTORE_DRILLS_SCHEDULED", "false"));
        return env;
    }

    /** The operator the drill runner logs in as: user {@code drill} with {@code password}. */
    static Map<String, String> operatorLogin(String password) {
        return Map.of("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_DRILL", password,
                "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_DRILL", "operator");
    }

    /** The energy_forecast nodes of {@code infra}: failover-service's data-directory settings, directories, URLs. */
    record Nodes(Map<String, String> failoverProperties, Map<String, Path> dataDirs, Map<String, String> jdbcUrls) {
    }

    static Nodes nodes(Infrastructure infra) {
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (PostgresServer node : new PostgresServer[] { infra.primary(), infra.standby() }) {
            String address = "127.0.0.1:" + node.port();
            properties.put("dr.failover.database.data-dirs.\"" + address + "\"", node.dataDir().toString());
            dirs.put(address, node.dataDir());
            urls.put(address, node.jdbcUrl(Infrastructure.ENERGY_FORECAST));
        }
        return new Nodes(properties, dirs, urls);
    }

    /** failover-service probing every 500 ms (3 failures declare) and rejoining a returned old primary after 2 s. */
    static Map<String, String> failoverEnv(Map<String, String> login) {
        Map<String, String> env = new LinkedHashMap<>(login);
        env.putAll(Map.of("DR_FAILOVER_PROBES_INTERVAL", "500ms", "DR_FAILOVER_PROBES_FAILURES", "3",
                "DR_FAILOVER_DATABASE_AUTO_REJOIN", "true", "DR_FAILOVER_DATABASE_AUTO_REJOIN_DELAY", "2s"));
        return env;
    }

    /**
     * metrics-service without Prometheus: a successful recovery counts when it completes (monitoring has its own
     * tests).
     */
    static Map<String, String> metricsEnv(Map<String, String> login) {
        Map<String, String> env = new LinkedHashMap<>(login);
        env.put("DR_METRICS_MONITOR_ENABLED", "false");
        return env;
    }
}
