package org.efp.dr.common.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The guide's configuration, all files, validated. Defaults are the guide's values; an operator overrides a file
 * by putting their own copy in {@code DR_CONFIG_DIR}, or single values by environment variable (see
 * {@link SeedFile}). Any invalid file fails the load with the file, key and problem in the message.
 */
public record SeedConfig(BackupConfig backup, DrillSchedule drills, ContactMatrix contacts,
        NotificationTemplates templates, RecoveryThresholds thresholds, RecoveryObjectives objectives) {

    /** The environment variable naming the directory of operator copies. */
    public static final String CONFIG_DIR_ENV = "DR_CONFIG_DIR";

    /** Loads every file from {@code configDir} (null: shipped defaults only) with {@code env} overrides. */
    public static SeedConfig load(Path configDir, Map<String, String> env) {
        return new SeedConfig(
                BackupConfig.from(SeedFile.load(BackupConfig.FILE, configDir, env)),
                DrillSchedule.from(SeedFile.load(DrillSchedule.FILE, configDir, env)),
                ContactMatrix.from(SeedFile.load(ContactMatrix.FILE, configDir, env)),
                NotificationTemplates.from(SeedFile.load(NotificationTemplates.FILE, configDir, env)),
                RecoveryThresholds.from(SeedFile.load(RecoveryThresholds.FILE, configDir, env)),
                RecoveryObjectives.from(SeedFile.load(RecoveryObjectives.FILE, configDir, env)));
    }

    /** Loads with this process's environment. */
    public static SeedConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        String dir = env.get(CONFIG_DIR_ENV);
        return load(dir == null || dir.isBlank() ? null : Path.of(dir), env);
    }
}
