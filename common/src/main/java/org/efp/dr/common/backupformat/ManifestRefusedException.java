package org.efp.dr.common.backupformat;

/** A manifest that is not trusted: nothing of its backup may be read. The {@link Reason} is also a status value. */
public class ManifestRefusedException extends RuntimeException {

    /** Why a manifest was refused. */
    public enum Reason {
        /** Signing keys are configured and the manifest is unsigned, badly signed, or signed with an unknown key. */
        MANIFEST_SIGNATURE_INVALID,
        /** The manifest names another backup than the one its location says: copied or replayed. */
        MANIFEST_MISPLACED,
        /** The manifest is not a manifest (bad JSON, missing fields). */
        MANIFEST_UNREADABLE
    }

    private final Reason reason;

    public ManifestRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
