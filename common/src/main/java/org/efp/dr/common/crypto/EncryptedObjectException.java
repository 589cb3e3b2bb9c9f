package org.efp.dr.common.crypto;

import java.io.IOException;
import java.util.Optional;

/** An encrypted object that cannot be read back: why ({@link Reason}) and, when known, the key id it names. */
public class EncryptedObjectException extends IOException {

    /** Why an encrypted object could not be decrypted. */
    public enum Reason {
        /** The object names a key id that is not configured here. */
        UNKNOWN_KEY,
        /** The key configured under the object's key id is not the one it was encrypted with (or the header was altered). */
        WRONG_KEY,
        /** A chunk failed authentication, or the stream was cut short or extended: nothing of it is trusted. */
        TAMPERED_OR_CORRUPT,
        /** A format version this code does not know. */
        UNSUPPORTED_FORMAT,
        /** A plaintext object where an encrypted one is expected (keys are configured, or the manifest says so). */
        PLAINTEXT_REFUSED,
        /** The object authenticates, but was written as another object or for another backup: replayed or moved. */
        MISBOUND,
        /** An object of the first format, which binds no key or backup id, and unbound objects are not accepted. */
        UNBOUND_FORMAT
    }

    private final Reason reason;
    private final String keyId;

    public EncryptedObjectException(Reason reason, String keyId, String message) {
        super(message);
        this.reason = reason;
        this.keyId = keyId;
    }

    public Reason reason() {
        return reason;
    }

    /** The key id the object's header names, when the header was read that far. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }
}
