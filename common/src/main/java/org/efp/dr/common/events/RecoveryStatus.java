package org.efp.dr.common.events;

/** The end state of a recovery or of one of its steps. */
public enum RecoveryStatus {
    SUCCEEDED, FAILED, ROLLED_BACK, SKIPPED
}
