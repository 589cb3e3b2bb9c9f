package org.efp.dr.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class EncryptionKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    static String newKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void keyListWithAnActiveKeyParses() {
        // Given
        String list = "k2025:" + newKey(32) + ", k2026:" + newKey(32);

        // When
        EncryptionKeys keys = EncryptionKeys.parse(list, "k2026");

        // Then
        assertThat(keys.keyIds()).containsExactly("k2025", "k2026");
        assertThat(keys.activeKeyId()).contains("k2026");
    }

    @Test
    void aSingleKeyIsActiveWithoutBeingNamed() {
        // When
        EncryptionKeys keys = EncryptionKeys.parse("only:" + newKey(32), null);

        // Then
        assertThat(keys.activeKeyId()).contains("only");
    }

    @Test
    void severalKeysWithoutAnActiveOneOnlyDecrypt() {
        // Given
        EncryptionKeys keys = EncryptionKeys.parse("a:" + newKey(32) + ",b:" + newKey(32), " ");

        // When
        ObjectCipher cipher = new ObjectCipher(keys);

        // Then
        assertThat(cipher.canEncrypt()).isFalse();
        assertThatThrownBy(() -> cipher.encrypting(java.io.OutputStream.nullOutputStream(),
                ObjectBinding.archived("wal/x/1.zst")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EncryptionKeys.ACTIVE_KEY_VARIABLE);
    }

    @Test
    void nothingConfiguredMeansNoKeys() {
        // When
        EncryptionKeys keys = EncryptionKeys.parse(null, null);

        // Then
        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.activeKeyId()).isEmpty();
    }

    @Test
    void keyOfTheWrongLengthIsRefusedNamingTheVariableButNotTheKey() {
        // Given
        String shortKey = newKey(16);

        // When / Then
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + shortKey, "k1"))
                .isInstanceOf(EncryptionConfigException.class)
                .hasMessageContaining(EncryptionKeys.KEYS_VARIABLE).hasMessageContaining("'k1'")
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
    }

    @Test
    void keyThatIsNotBase64IsRefusedWithoutEchoingIt() {
        // Given
        String garbage = "not*base64*at*all*not*base64*at*all*!!";

        // When / Then
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + garbage, null))
                .isInstanceOf(EncryptionConfigException.class)
                .hasMessageContaining(EncryptionKeys.KEYS_VARIABLE).hasMessageContaining("base64")
                .hasMessageNotContaining(garbage);
    }

    @Test
    void entryWithoutAKeyIdIsRefusedWithoutEchoingIt() {
        // Given
        String bareKey = newKey(32);

        // When / Then
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + newKey(32) + "," + bareKey, null))
                .isInstanceOf(EncryptionConfigException.class)
                .hasMessageContaining("entry 2 of " + EncryptionKeys.KEYS_VARIABLE)
                .hasMessageNotContaining(bareKey);
    }

    @Test
    void activeKeyMissingFromTheListIsRefused() {
        // When / Then
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + newKey(32), "k2"))
                .isInstanceOf(EncryptionConfigException.class)
                .hasMessageContaining(EncryptionKeys.ACTIVE_KEY_VARIABLE).hasMessageContaining("'k2'")
                .hasMessageContaining("[k1]");
    }

    @Test
    void keyIdNamedTwiceIsRefused() {
        // When / Then
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + newKey(32) + ",k1:" + newKey(32), null))
                .isInstanceOf(EncryptionConfigException.class).hasMessageContaining("'k1' twice");
    }

    @Test
    void printedKeysShowIdsOnly() {
        // Given
        String material = newKey(32);

        // When
        String printed = EncryptionKeys.parse("k1:" + material, null).toString();

        // Then
        assertThat(printed).contains("k1").doesNotContain(material);
    }

    @Test
    void environmentVariablesAndPropertiesAreBothAccepted() {
        // Given
        String key = newKey(32);
        Properties properties = new Properties();
        properties.setProperty(EncryptionKeys.KEYS_PROPERTY, "p1:" + key);
        properties.setProperty(EncryptionKeys.ACTIVE_KEY_PROPERTY, "p1");

        // When
        EncryptionKeys fromEnv = EncryptionKeys.fromEnvironment(Map.of(EncryptionKeys.KEYS_VARIABLE, "e1:" + key,
                EncryptionKeys.ACTIVE_KEY_VARIABLE, "e1"));
        EncryptionKeys fromProperties = EncryptionKeys.fromProperties(properties);

        // Then
        assertThat(fromEnv.activeKeyId()).contains("e1");
        assertThat(fromProperties.activeKeyId()).contains("p1");
    }
}
