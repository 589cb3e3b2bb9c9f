package org.efp.dr.common.events;

/** What a recovery does. */
public enum RecoveryAction {
    DATABASE_FAILOVER,
    DATABASE_SWITCHOVER,
    /** An old primary (or broken standby) rewound and brought back as a standby of the current primary. */
    DATABASE_REJOIN,
    RESTORE_DATABASE,
    RESTORE_MODELS,
    SCALE_DOWN,
    SCALE_UP,
    RESTART,
    REGION_FAILOVER,
    SYSTEM_RECOVERY
}
