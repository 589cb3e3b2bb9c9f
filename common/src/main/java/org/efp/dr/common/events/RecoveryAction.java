package org.efp.dr.common.events;

/** What a recovery does. */
public enum RecoveryAction {
    DATABASE_FAILOVER,
    DATABASE_SWITCHOVER,
    RESTORE_DATABASE,
    RESTORE_MODELS,
    SCALE_DOWN,
    SCALE_UP,
    RESTART,
    REGION_FAILOVER,
    SYSTEM_RECOVERY
}
