package org.efp.dr.common.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.config.Config;

/**
 * The AES-256 keys backups are encrypted with, by key id, and the one new objects use (the active key). Old keys
 * stay configured after a rotation so that older objects still decrypt. Parsed from
 * {@code DR_BACKUP_ENCRYPTION_KEYS=keyid:base64-32-bytes[,keyid2:...]} and {@code DR_BACKUP_ENCRYPTION_ACTIVE_KEY};
 * errors name the variable and the key id, never a key's bytes, and {@link #toString()} shows ids only.
 */
public final class EncryptionKeys {

    /** Environment variable holding the key list. */
    public static final String KEYS_VARIABLE = "DR_BACKUP_ENCRYPTION_KEYS";
    /** Environment variable naming the key new objects are encrypted with. */
    public static final String ACTIVE_KEY_VARIABLE = "DR_BACKUP_ENCRYPTION_ACTIVE_KEY";
    /** The MicroProfile Config name of {@link #KEYS_VARIABLE}. */
    public static final String KEYS_PROPERTY = "dr.backup.encryption.keys";
    /** The MicroProfile Config name of {@link #ACTIVE_KEY_VARIABLE}. */
    public static final String ACTIVE_KEY_PROPERTY = "dr.backup.encryption.active-key";

    static final int KEY_BYTES = 32;
    private static final KeyLists.Shape AES_256 = new KeyLists.Shape(KEY_BYTES, KEY_BYTES, "AES",
            "AES-256 needs exactly " + KEY_BYTES + " (e.g. openssl rand -base64 32)");
    private static final EncryptionKeys NONE = new EncryptionKeys(Map.of(), null);

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    private EncryptionKeys(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /** No keys: nothing is encrypted, plaintext objects still read, encrypted ones fail with UNKNOWN_KEY. */
    public static EncryptionKeys none() {
        return NONE;
    }

    /**
     * Parses the two settings (either may be null or blank). With a single key and no active key named, that key
     * is active; with several keys and none named, the ring only decrypts.
     *
     * @throws EncryptionConfigException naming the variable when a setting is malformed
     */
    public static EncryptionKeys parse(String keyList, String activeKey) {
        Map<String, SecretKey> parsed = KeyLists.parse(keyList, KEYS_VARIABLE, AES_256);
        String active = activeKey == null || activeKey.isBlank() ? null : activeKey.strip();
        if (active != null && !parsed.containsKey(active)) {
            throw new EncryptionConfigException(ACTIVE_KEY_VARIABLE + " names key id '" + KeyLists.printable(active)
                    + "', but " + KEYS_VARIABLE + " has " + (parsed.isEmpty() ? "no keys" : "only " + parsed.keySet()));
        }
        if (active == null && parsed.size() == 1) {
            active = parsed.keySet().iterator().next();
        }
        return parsed.isEmpty() ? NONE : new EncryptionKeys(Collections.unmodifiableMap(parsed), active);
    }

    /** From environment variables ({@link #KEYS_VARIABLE}, {@link #ACTIVE_KEY_VARIABLE}), e.g. {@code System.getenv()}. */
    public static EncryptionKeys fromEnvironment(Map<String, String> environment) {
        return parse(environment.get(KEYS_VARIABLE), environment.get(ACTIVE_KEY_VARIABLE));
    }

    /** From properties named {@link #KEYS_PROPERTY} and {@link #ACTIVE_KEY_PROPERTY}. */
    public static EncryptionKeys fromProperties(Properties properties) {
        return parse(properties.getProperty(KEYS_PROPERTY), properties.getProperty(ACTIVE_KEY_PROPERTY));
    }

    /** From MicroProfile Config, which also maps the environment variables onto the property names. */
    public static EncryptionKeys fromConfig(Config config) {
        return parse(config.getOptionalValue(KEYS_PROPERTY, String.class).orElse(null),
                config.getOptionalValue(ACTIVE_KEY_PROPERTY, String.class).orElse(null));
    }

    static boolean isValidKeyId(String id) {
        return KeyLists.KEY_ID.matcher(id).matches();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The configured key ids, in the order given. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The key new objects are encrypted with, if any. */
    public Optional<String> activeKeyId() {
        return Optional.ofNullable(activeKeyId);
    }

    /** The keys by id, for deriving other keys from them. */
    Map<String, SecretKey> keys() {
        return keys;
    }

    Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "EncryptionKeys[active=" + activeKeyId + ", ids=" + keys.keySet() + "]";
    }
}
