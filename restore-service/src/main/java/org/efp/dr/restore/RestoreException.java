package org.efp.dr.restore;

/** A restore that cannot go on; the {@link Reason} is also the failure's metric tag. */
public class RestoreException extends RuntimeException {

    /** Why a restore failed. */
    public enum Reason {
        /** No complete backup fits the request. */
        NO_BACKUP,
        /** A stored object or archived file does not match its manifest checksum. */
        CHECKSUM_MISMATCH,
        /** An object is encrypted with a key this service does not hold (or not the one it holds under that id). */
        KEY_UNAVAILABLE,
        /** A backup's manifest is unsigned or badly signed while signing keys are configured, or is misplaced. */
        MANIFEST_SIGNATURE_INVALID,
        /** A plaintext object where an encrypted one is expected (keys configured, or the manifest says so). */
        PLAINTEXT_REFUSED,
        /** An encrypted object written as another object or for another backup (replayed), or not bound at all. */
        OBJECT_MISBOUND,
        /** An archive entry would land outside the target directory. */
        UNSAFE_ARCHIVE,
        /** The disks cannot hold what the backup's manifest says the restore writes. */
        INSUFFICIENT_SPACE,
        /** A restore program or the restored server failed. */
        RESTORE_FAILED,
        /** The restored data does not match the manifest. */
        VERIFICATION_FAILED,
        /** failover-service did not stop or start the services around the restore. */
        SERVICE_CONTROL_FAILED,
        /** The spare node of a rebuild is not configured, its port is taken or its data directory is in use. */
        SPARE_UNAVAILABLE,
        /** The worker running the restore stopped before it ended. */
        INTERRUPTED,
        /** The request itself is wrong. */
        BAD_REQUEST
    }

    private final Reason reason;

    public RestoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RestoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
