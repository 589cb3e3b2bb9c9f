package org.efp.dr.failover.runbook;

import java.util.Locale;

/** What the runbook does for an outage of a component. */
public enum Plan {
    FAILOVER_OR_RESTORE, RESTORE_DATABASE, RESTORE_MODELS, RESTART, REGION_FAILOVER, SYSTEM_RECOVERY, NOTIFY_ONLY;

    /** Parses the runbook file's kebab-case name. */
    public static Plan parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown plan '" + text + "'");
        }
    }
}
