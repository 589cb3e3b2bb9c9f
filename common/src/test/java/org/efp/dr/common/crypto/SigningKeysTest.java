package org.efp.dr.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.efp.dr.common.crypto.EncryptionKeysTest.newKey;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final byte[] DATA = "manifest".getBytes(StandardCharsets.US_ASCII);

    @Test
    void explicitSigningKeysAreUsedAndTheSingleOneIsActive() {
        // When
        SigningKeys keys = SigningKeys.parse("s1:" + newKey(32), null, EncryptionKeys.parse("k1:" + newKey(32), null));

        // Then
        assertThat(keys.enabled()).isTrue();
        assertThat(keys.activeKeyId()).contains("s1");
        assertThat(keys.keyIds()).containsExactly("s1");
        assertThat(keys.source()).isEqualTo(SigningKeys.KEYS_VARIABLE);
    }

    @Test
    void withoutSigningKeysEachEncryptionKeyYieldsOneUnderTheSameId() {
        // Given
        String k1 = newKey(32);
        String k2 = newKey(32);

        // When
        SigningKeys keys = SigningKeys.parse(null, null, EncryptionKeys.parse("k1:" + k1 + ",k2:" + k2, "k2"));
        SigningKeys again = SigningKeys.parse("", "", EncryptionKeys.parse("k1:" + k1 + ",k2:" + k2, "k2"));

        // Then
        assertThat(keys.activeKeyId()).contains("k2");
        assertThat(keys.keyIds()).containsExactly("k1", "k2");
        assertThat(keys.mac("k2", DATA).orElseThrow()).isEqualTo(again.mac("k2", DATA).orElseThrow())
                .isNotEqualTo(keys.mac("k1", DATA).orElseThrow());
    }

    @Test
    void noKeysAnywhereTurnsSigningOff() {
        // When
        SigningKeys keys = SigningKeys.parse(null, null, EncryptionKeys.none());

        // Then
        assertThat(keys.enabled()).isFalse();
        assertThat(keys.activeKeyId()).isEmpty();
        assertThat(keys.mac("k1", DATA)).isEmpty();
    }

    @Test
    void aShortKeyIsRefusedNamingTheVariableButNotTheKey() {
        // Given
        String shortKey = newKey(16);

        // When / Then
        assertThatThrownBy(() -> SigningKeys.parse("s1:" + shortKey, null, EncryptionKeys.none()))
                .isInstanceOf(EncryptionConfigException.class).hasMessageContaining(SigningKeys.KEYS_VARIABLE)
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
    }

    @Test
    void anActiveKeyThatIsNotListedIsRefused() {
        // When / Then
        assertThatThrownBy(() -> SigningKeys.parse("s1:" + newKey(32) + ",s2:" + newKey(48), "s3",
                EncryptionKeys.none())).isInstanceOf(EncryptionConfigException.class)
                .hasMessageContaining(SigningKeys.ACTIVE_KEY_VARIABLE).hasMessageContaining("s3");
    }
}
