package org.efp.dr.common.events;

/** What a recovery does. */
public enum RecoveryAction {
    DATABASE_FAILOVER,
    DATABASE_SWITCHOVER,
    /** An old primary (or broken standby) rewound and brought back as a standby of the current primary. */
    DATABASE_REJOIN,
    RESTORE_DATABASE,
    /**
     * A new primary built on a provisioned spare node from the newest good BASE backup and the WAL archive replayed
     * to its end, for when the primary is lost and no standby is within the RPO. Its {@code RecoveryCompleted}
     * names the new primary in {@code location}.
     */
    DATABASE_REBUILD,
    RESTORE_MODELS,
    SCALE_DOWN,
    SCALE_UP,
    RESTART,
    REGION_FAILOVER,
    SYSTEM_RECOVERY
}
