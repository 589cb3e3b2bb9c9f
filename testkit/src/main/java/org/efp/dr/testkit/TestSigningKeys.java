package org.efp.dr.testkit;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The manifest signing key of a test JVM, so that tests run with signing on, as production should: made up at first
 * use, never written anywhere, kept in a system property so every class loader (each Quarkus test profile has its
 * own) sees the same key. Test fixtures that write backups sign their manifests with it.
 */
public final class TestSigningKeys {

    /** The key id. */
    public static final String KEY_ID = "test-signing";
    /** The MicroProfile Config name services read the list from ({@code DR_BACKUP_SIGNING_KEYS}). */
    public static final String PROPERTY = "dr.backup.signing.keys";
    private static final String HOLDER = "efp.test.signing-keys";

    private TestSigningKeys() {
    }

    /** {@code test-signing:<base64 32 bytes>}, the same for the whole JVM. */
    public static String keys() {
        synchronized (System.getProperties()) {
            String keys = System.getProperty(HOLDER);
            if (keys == null) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                keys = KEY_ID + ":" + Base64.getEncoder().encodeToString(key);
                System.setProperty(HOLDER, keys);
            }
            return keys;
        }
    }
}
