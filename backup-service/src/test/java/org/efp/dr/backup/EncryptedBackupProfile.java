package org.efp.dr.backup;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * backup-service with client-side encryption on: two keys made up for this test run (an old one still listed
 * after a rotation, and the active one), never written anywhere.
 */
public class EncryptedBackupProfile implements QuarkusTestProfile {

    static final String OLD_KEY_ID = "k2025";
    static final String ACTIVE_KEY_ID = "k2026";
    private static final String KEYS_PROPERTY = "efp.test.encryption-keys";

    /** The key list; kept in a system property so that every class loader of the test JVM sees the same keys. */
    static synchronized String keys() {
        String keys = System.getProperty(KEYS_PROPERTY);
        if (keys == null) {
            keys = OLD_KEY_ID + ":" + newKey() + "," + ACTIVE_KEY_ID + ":" + newKey();
            System.setProperty(KEYS_PROPERTY, keys);
        }
        return keys;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dr.backup.encryption.keys", keys(), "dr.backup.encryption.active-key", ACTIVE_KEY_ID);
    }
}
