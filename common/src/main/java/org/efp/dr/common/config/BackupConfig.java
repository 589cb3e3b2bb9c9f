package org.efp.dr.common.config;

import java.time.Duration;

/** {@code backup-config.yaml}: when each kind of backup runs and how long it is kept. */
public record BackupConfig(Policy databaseFull, Policy databaseIncremental, Policy models, Policy configs) {

    public static final String FILE = "backup-config.yaml";

    /** A cron schedule (five-field Unix) and a retention. */
    public record Policy(String frequency, Duration retention) {
    }

    static BackupConfig from(YamlNode root) {
        YamlNode schedule = root.required("schedule");
        YamlNode database = schedule.required("database");
        return new BackupConfig(policy(database.required("full")), policy(database.required("incremental")),
                policy(schedule.required("models")), policy(schedule.required("configs")));
    }

    private static Policy policy(YamlNode node) {
        YamlNode retention = node.required("retention");
        Duration kept = retention.duration();
        if (kept.isZero()) {
            throw retention.error("must be longer than 0");
        }
        return new Policy(node.required("frequency").cron(), kept);
    }
}
