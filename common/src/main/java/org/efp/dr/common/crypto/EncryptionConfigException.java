package org.efp.dr.common.crypto;

/** Encryption settings that cannot be used; the message names the variable, never a key's bytes. */
public class EncryptionConfigException extends IllegalArgumentException {

    public EncryptionConfigException(String message) {
        super(message);
    }
}
