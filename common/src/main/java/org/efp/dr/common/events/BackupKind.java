package org.efp.dr.common.events;

/** What a backup holds. */
public enum BackupKind {
    /** Logical full dump of a database (pg_dump). */
    FULL,
    /** Physical base backup of a cluster (pg_basebackup), the start point of point-in-time restores. */
    BASE,
    /** The WAL archived since the previous backup, sealed with a manifest. */
    INCREMENTAL,
    /** Model artifacts (models and their metadata). */
    MODELS,
    /** Configuration files. */
    CONFIGS
}
