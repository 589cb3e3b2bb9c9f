package org.efp.dr.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
}
