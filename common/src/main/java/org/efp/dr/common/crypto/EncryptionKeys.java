package org.efp.dr.common.crypto;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

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
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
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
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        String list = keyList == null ? "" : keyList.strip();
        if (!list.isEmpty()) {
            String[] entries = list.split(",");
            for (int i = 0; i < entries.length; i++) {
                parseEntry(entries[i].strip(), i + 1, parsed);
            }
        }
        String active = activeKey == null || activeKey.isBlank() ? null : activeKey.strip();
        if (active != null && !parsed.containsKey(active)) {
            throw new EncryptionConfigException(ACTIVE_KEY_VARIABLE + " names key id '" + printable(active)
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

    private static void parseEntry(String entry, int position, Map<String, SecretKey> parsed) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            // the entry itself is not echoed: it may be a bare key
            throw new EncryptionConfigException("entry " + position + " of " + KEYS_VARIABLE
                    + " is not 'keyid:base64-key' (entries are separated by commas)");
        }
        String id = entry.substring(0, colon).strip();
        if (!KEY_ID.matcher(id).matches()) {
            throw new EncryptionConfigException("entry " + position + " of " + KEYS_VARIABLE
                    + " has an invalid key id: use 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (parsed.containsKey(id)) {
            throw new EncryptionConfigException(KEYS_VARIABLE + " names key id '" + id + "' twice");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new EncryptionConfigException("key '" + id + "' in " + KEYS_VARIABLE + " is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            int length = bytes.length;
            java.util.Arrays.fill(bytes, (byte) 0);
            throw new EncryptionConfigException("key '" + id + "' in " + KEYS_VARIABLE + " is " + length
                    + " bytes; AES-256 needs exactly " + KEY_BYTES + " (e.g. openssl rand -base64 32)");
        }
        parsed.put(id, new SecretKeySpec(bytes, "AES"));
        java.util.Arrays.fill(bytes, (byte) 0);
    }

    private static String printable(String id) {
        return KEY_ID.matcher(id).matches() ? id : "<invalid id>";
    }

    static boolean isValidKeyId(String id) {
        return KEY_ID.matcher(id).matches();
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

    Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "EncryptionKeys[active=" + activeKeyId + ", ids=" + keys.keySet() + "]";
    }
}
