package org.efp.dr.common.backupformat;

import java.util.Objects;

/**
 * The content of {@value BackupKeys#SIGNATURE}: HMAC-SHA256 (base64) by signing key {@code keyId} over
 * {@code "efp-dr manifest v1\n" || uint32 length || manifest key (UTF-8) || manifest bytes as stored}. The
 * manifest's own key is signed too, so a signed manifest copied to another prefix no longer verifies.
 */
public record ManifestSignature(int version, String algorithm, String keyId, String signature) {

    public static final int VERSION = 1;
    public static final String ALGORITHM = "HMAC-SHA256";

    public ManifestSignature {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }
}
