package org.efp.dr.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.Config;

/**
 * The HMAC-SHA256 keys backup manifests are signed with, by key id, and the one new manifests use. Explicit keys
 * come from {@code DR_BACKUP_SIGNING_KEYS=keyid:base64-32-to-64-bytes[,...]} and
 * {@code DR_BACKUP_SIGNING_ACTIVE_KEY}. Without them, each encryption key (if any) yields a signing key under the
 * same id through HKDF-SHA256 (info {@code "efp-dr manifest signing v1"}), so turning encryption on turns signing on
 * too; explicit keys are preferred, as they let signing be rotated or run without encryption. No keys at all: signing
 * is off. {@link #toString()} shows ids only.
 */
public final class SigningKeys {

    /** Environment variable holding the signing key list. */
    public static final String KEYS_VARIABLE = "DR_BACKUP_SIGNING_KEYS";
    /** Environment variable naming the key new manifests are signed with. */
    public static final String ACTIVE_KEY_VARIABLE = "DR_BACKUP_SIGNING_ACTIVE_KEY";
    /** The MicroProfile Config name of {@link #KEYS_VARIABLE}. */
    public static final String KEYS_PROPERTY = "dr.backup.signing.keys";
    /** The MicroProfile Config name of {@link #ACTIVE_KEY_VARIABLE}. */
    public static final String ACTIVE_KEY_PROPERTY = "dr.backup.signing.active-key";

    private static final KeyLists.Shape HMAC = new KeyLists.Shape(32, 64, "HmacSHA256",
            "a signing key needs 32 to 64 bytes (e.g. openssl rand -base64 32)");
    private static final byte[] DERIVE_INFO = "efp-dr manifest signing v1".getBytes(StandardCharsets.US_ASCII);
    private static final SigningKeys NONE = new SigningKeys(Map.of(), null, "none");

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final String source;

    private SigningKeys(Map<String, SecretKey> keys, String activeKeyId, String source) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
        this.source = source;
    }

    /** No keys: manifests are written unsigned and read without a signature check. */
    public static SigningKeys none() {
        return NONE;
    }

    /**
     * Explicit keys when {@code keyList} has any, else keys derived from {@code encryption}, else none. With a single
     * explicit key and no active key named, that key is active.
     *
     * @throws EncryptionConfigException naming the variable when a setting is malformed
     */
    public static SigningKeys parse(String keyList, String activeKey, EncryptionKeys encryption) {
        Map<String, SecretKey> parsed = KeyLists.parse(keyList, KEYS_VARIABLE, HMAC);
        String active = activeKey == null || activeKey.isBlank() ? null : activeKey.strip();
        if (parsed.isEmpty()) {
            if (active != null) {
                throw new EncryptionConfigException(ACTIVE_KEY_VARIABLE + " is set but " + KEYS_VARIABLE
                        + " has no keys");
            }
            return derived(encryption);
        }
        if (active != null && !parsed.containsKey(active)) {
            throw new EncryptionConfigException(ACTIVE_KEY_VARIABLE + " names key id '" + KeyLists.printable(active)
                    + "', but " + KEYS_VARIABLE + " has only " + parsed.keySet());
        }
        if (active == null && parsed.size() == 1) {
            active = parsed.keySet().iterator().next();
        }
        return new SigningKeys(Collections.unmodifiableMap(parsed), active, KEYS_VARIABLE);
    }

    /** From MicroProfile Config: the signing settings, falling back to the encryption keys. */
    public static SigningKeys fromConfig(Config config) {
        return parse(config.getOptionalValue(KEYS_PROPERTY, String.class).orElse(null),
                config.getOptionalValue(ACTIVE_KEY_PROPERTY, String.class).orElse(null),
                EncryptionKeys.fromConfig(config));
    }

    private static SigningKeys derived(EncryptionKeys encryption) {
        if (encryption == null || encryption.isEmpty()) {
            return NONE;
        }
        Map<String, SecretKey> derived = new LinkedHashMap<>();
        encryption.keys().forEach((id, key) -> derived.put(id, derive(key)));
        return new SigningKeys(Collections.unmodifiableMap(derived), encryption.activeKeyId().orElse(null),
                "derived from " + EncryptionKeys.KEYS_VARIABLE);
    }

    /** HKDF-SHA256 (RFC 5869) with an all-zero salt: a 32-byte signing key no one can turn back into the AES key. */
    private static SecretKey derive(SecretKey encryptionKey) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = hmac.doFinal(encryptionKey.getEncoded());
            hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
            hmac.update(DERIVE_INFO);
            hmac.update((byte) 1);
            byte[] okm = hmac.doFinal();
            SecretKey key = new SecretKeySpec(okm, "HmacSHA256");
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(okm, (byte) 0);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available", e);
        }
    }

    /** Whether any key is configured (then every manifest read must carry a good signature). */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** The configured key ids. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The key new manifests are signed with, if any. */
    public Optional<String> activeKeyId() {
        return Optional.ofNullable(activeKeyId);
    }

    /** Where the keys come from: the signing variable, derived from the encryption keys, or none. */
    public String source() {
        return source;
    }

    /** HMAC-SHA256 of {@code data} with key {@code keyId}; empty when that key is not configured. */
    public Optional<byte[]> mac(String keyId, byte[] data) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            return Optional.empty();
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return Optional.of(hmac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[active=" + activeKeyId + ", ids=" + keys.keySet() + ", source=" + source + "]";
    }
}
