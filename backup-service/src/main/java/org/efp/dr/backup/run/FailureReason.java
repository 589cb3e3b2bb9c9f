package org.efp.dr.backup.run;

import java.io.IOException;
import java.sql.SQLException;

import software.amazon.awssdk.core.exception.SdkException;

/** Why a backup failed: the stable code in BackupFailed, the catalog and the metrics. */
public enum FailureReason {
    /** The request names an unknown target or a kind the target does not have. */
    INVALID_REQUEST,
    /** The object store refused or could not be reached (after the SDK's retries). */
    S3_UNAVAILABLE,
    /** The database or directory to back up could not be read. */
    SOURCE_UNAVAILABLE,
    /** The worker died while the backup ran; found and cleaned up afterwards. */
    INTERRUPTED,
    /** Anything else. */
    INTERNAL;

    public static FailureReason of(Throwable error) {
        FailureReason found = INTERNAL;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SdkException) {
                return S3_UNAVAILABLE;
            }
            if (t instanceof IllegalArgumentException && found == INTERNAL) {
                found = INVALID_REQUEST;
            }
            if ((t instanceof IOException || t instanceof SQLException) && found == INTERNAL) {
                found = SOURCE_UNAVAILABLE;
            }
        }
        return found;
    }
}
