package org.efp.dr.drctl;

import java.util.Locale;

/** The platform's services drctl talks to, with the setting that names each one's base URL. */
enum Service {
    BACKUP("backup-service", "backup", 8081),
    RESTORE("restore-service", "restore", 8082),
    FAILOVER("failover-service", "failover", 8083),
    NOTIFIER("notifier-service", "notifier", 8084),
    METRICS("metrics-service", "metrics", 8085);

    private final String serviceName;
    private final String key;
    private final int localPort;

    Service(String serviceName, String key, int localPort) {
        this.serviceName = serviceName;
        this.key = key;
        this.localPort = localPort;
    }

    String serviceName() {
        return serviceName;
    }

    /** The key under {@code endpoints:} in the config file. */
    String key() {
        return key;
    }

    /** The environment variable naming the base URL, e.g. {@code DRCTL_BACKUP_URL}. */
    String envVariable() {
        return "DRCTL_" + key.toUpperCase(Locale.ROOT) + "_URL";
    }

    int localPort() {
        return localPort;
    }

    /** {@code backup}, {@code backup-service} (any case): the service; else a usage error naming the choices. */
    static Service of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Service s : values()) {
            if (s.key.equals(n) || s.serviceName.equals(n)) {
                return s;
            }
        }
        throw DrctlException.usage("unknown service '" + name + "'; one of backup, restore, failover, notifier, "
                + "metrics");
    }
}
