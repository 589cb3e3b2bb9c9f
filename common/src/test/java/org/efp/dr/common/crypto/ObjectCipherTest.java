package org.efp.dr.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.efp.dr.common.crypto.EncryptionKeysTest.newKey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.efp.dr.common.crypto.EncryptedObjectException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectCipherTest {

    private static final int CHUNK = ObjectCipher.DEFAULT_CHUNK_SIZE;
    private static final int SMALL = 1024;

    private static final ObjectBinding BINDING = ObjectBinding.of("ef-full-1",
            "databases/ef/full/ef-full-1/dump.pgc.zst");

    private final String oldKey = newKey(32);
    private final String newKey = newKey(32);
    private final ObjectCipher cipher = new ObjectCipher(EncryptionKeys.parse("k1:" + oldKey, "k1"));
    private final ObjectCipher small = cipher.withChunkSize(SMALL);

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Encrypts with writes of uneven sizes, as compressors and tar writers make them. */
    private static byte[] encrypt(ObjectCipher cipher, byte[] plain) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encrypting(stored, BINDING)) {
            int at = 0;
            for (int step = 1; at < plain.length; step = (step * 3 + 1) % 100_003) {
                int n = Math.min(step + 1, plain.length - at);
                out.write(plain, at, n);
                at += n;
            }
        }
        return stored.toByteArray();
    }

    private static byte[] decrypt(ObjectCipher cipher, byte[] stored) throws IOException {
        try (InputStream in = cipher.decrypting(new ByteArrayInputStream(stored), BINDING, false)) {
            return in.readAllBytes();
        }
    }

    private static int headerLength(byte[] stored) {
        return StreamFormat.headerLength(ObjectCipher.keyIdOf(stored).orElseThrow().length());
    }

    private static byte[] chunk(byte[] stored, int chunkSize, int index) {
        int from = headerLength(stored) + index * (chunkSize + StreamFormat.TAG_BYTES);
        return Arrays.copyOfRange(stored, from, from + chunkSize + StreamFormat.TAG_BYTES);
    }

    private static void put(byte[] stored, int chunkSize, int index, byte[] chunk) {
        System.arraycopy(chunk, 0, stored, headerLength(stored) + index * (chunkSize + StreamFormat.TAG_BYTES),
                chunk.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 12_345})
    void roundTripGivesBackEveryByte(int size) throws Exception {
        // Given
        byte[] plain = random(size, size);

        // When
        byte[] stored = encrypt(cipher, plain);

        // Then
        assertThat(decrypt(cipher, stored)).isEqualTo(plain);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(stored).hasSize(headerLength(stored) + size + chunks * StreamFormat.TAG_BYTES);
    }

    @Test
    void storedBytesCarryTheMagicAndKeyIdButNoPlaintext() throws Exception {
        // Given
        byte[] plain = "CREATE TABLE public.forecasts (region text);".repeat(100).getBytes(StandardCharsets.UTF_8);

        // When
        byte[] stored = cipher.encrypt(plain, BINDING);

        // Then
        assertThat(ObjectCipher.isEncrypted(stored)).isTrue();
        assertThat(ObjectCipher.keyIdOf(stored)).contains("k1");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("forecasts");
        assertThat(cipher.encrypt(plain, BINDING)).isNotEqualTo(stored);
    }

    @Test
    void byteByByteReadsGiveTheSameBytes() throws Exception {
        // Given
        byte[] plain = random(3 * SMALL + 5, 1);
        byte[] stored = encrypt(small, plain);
        ByteArrayOutputStream read = new ByteArrayOutputStream();

        // When
        try (InputStream in = small.decrypting(new ByteArrayInputStream(stored), BINDING, false)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                read.write(b);
            }
        }

        // Then
        assertThat(read.toByteArray()).isEqualTo(plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "PGDMP plain dump", "\u0089EFPDR"})
    void plaintextObjectsPassThroughUnchanged(String text) throws Exception {
        // Given
        byte[] plain = text.getBytes(StandardCharsets.ISO_8859_1);

        // When
        byte[] read = decrypt(new ObjectCipher(EncryptionKeys.none()), plain);

        // Then
        assertThat(read).isEqualTo(plain);
    }

    @Test
    void plaintextIsRefusedWhenKeysAreConfigured() {
        // Given: a zstd frame where an encrypted object is expected (a downgrade)
        byte[] zstdFrame = random(50_000, 3);
        zstdFrame[0] = 0x28;

        // When / Then
        assertThatThrownBy(() -> decrypt(cipher, zstdFrame)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason())
                        .isEqualTo(Reason.PLAINTEXT_REFUSED))
                .hasMessageContaining("plaintext where an encrypted object is expected");
    }

    @Test
    void plaintextIsRefusedWithoutKeysWhenTheManifestSaysEncrypted() {
        // Given
        ObjectCipher noKeys = new ObjectCipher(EncryptionKeys.none());
        byte[] plain = "PGDMP plain dump".getBytes(StandardCharsets.US_ASCII);

        // When / Then
        assertThatThrownBy(() -> noKeys.decrypt(plain, BINDING, true)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason())
                        .isEqualTo(Reason.PLAINTEXT_REFUSED));
    }

    @Test
    void anObjectCopiedUnderAnotherBackupIdIsRefusedAsMisbound() {
        // Given: the same ciphertext, stored for an older backup, now read as part of a newer one
        byte[] stored = cipher.encrypt(random(3_000, 16), ObjectBinding.of("ef-full-1", "databases/ef/full/x/dump"));

        // When / Then
        assertThatThrownBy(() -> cipher.decrypt(stored, ObjectBinding.of("ef-full-2", "databases/ef/full/x/dump"),
                true)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason()).isEqualTo(Reason.MISBOUND))
                .hasMessageContaining("backup ef-full-2").hasMessageContaining("copied or replayed");
    }

    @Test
    void anObjectCopiedUnderAnotherKeyIsRefusedAsMisbound() {
        // Given
        byte[] stored = cipher.encrypt(random(3_000, 17),
                ObjectBinding.archived("wal/ef/000000010000000000000003.zst"));

        // When / Then
        assertThatThrownBy(() -> cipher.decrypt(stored, ObjectBinding.archived("wal/ef/000000010000000000000009.zst"),
                true)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason()).isEqualTo(Reason.MISBOUND));
    }

    @Test
    void unboundObjectsOfTheFirstFormatAreReadOnlyUnderTheCompatibilitySwitch() throws Exception {
        // Given
        byte[] plain = random(2 * SMALL + 7, 18);
        byte[] v1 = UnboundObjects.write(plain, "k1", EncryptionKeys.parse("k1:" + oldKey, "k1"), SMALL);

        // When
        byte[] read = decrypt(cipher.acceptingUnbound(true), v1);

        // Then
        assertThat(read).isEqualTo(plain);
        assertThatThrownBy(() -> decrypt(cipher, v1)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason())
                        .isEqualTo(Reason.UNBOUND_FORMAT))
                .hasMessageContaining(ObjectCipher.ACCEPT_UNBOUND_VARIABLE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aFlippedByteAnywhereIsDetected(int where) throws Exception {
        // Given: a byte of the salt, of the MAC, of the first chunk's body, of its tag, of the last chunk
        byte[] stored = encrypt(small, random(2 * SMALL + 100, 4));
        int header = headerLength(stored);
        int[] positions = {header - 80, header - 1, header + 10, header + SMALL + 3, stored.length - 1};
        stored[positions[where]] ^= 0x01;

        // When / Then
        assertThatThrownBy(() -> decrypt(small, stored)).isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason())
                        .isIn(Reason.TAMPERED_OR_CORRUPT, Reason.WRONG_KEY))
                .hasMessageContaining("tampered or corrupt");
    }

    @Test
    void noByteOfABadChunkIsHandedOut() throws Exception {
        // Given
        byte[] plain = random(3 * SMALL, 5);
        byte[] stored = encrypt(small, plain);
        stored[headerLength(stored) + (SMALL + StreamFormat.TAG_BYTES) + 7] ^= 0x40;
        ByteArrayOutputStream handedOut = new ByteArrayOutputStream();

        // When
        try (InputStream in = small.decrypting(new ByteArrayInputStream(stored), BINDING, false)) {
            assertThatThrownBy(() -> {
                byte[] buffer = new byte[100];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    handedOut.write(buffer, 0, n);
                }
            }).isInstanceOf(EncryptedObjectException.class).hasMessageContaining("chunk 1 failed authentication");
            assertThatThrownBy(in::read).isInstanceOf(EncryptedObjectException.class);
        }

        // Then
        assertThat(handedOut.toByteArray()).isEqualTo(Arrays.copyOf(plain, SMALL));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, SMALL + StreamFormat.TAG_BYTES, SMALL + StreamFormat.TAG_BYTES + 10})
    void aTruncatedObjectIsDetected(int cut) throws Exception {
        // Given
        byte[] stored = encrypt(small, random(3 * SMALL + 50, 6));
        byte[] truncated = Arrays.copyOf(stored, headerLength(stored) + cut);

        // When / Then
        assertThatThrownBy(() -> decrypt(small, truncated)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("tampered or corrupt");
    }

    @Test
    void anObjectCutRightAfterItsHeaderIsDetected() throws Exception {
        // Given
        byte[] stored = encrypt(small, random(10, 7));
        byte[] headerOnly = Arrays.copyOf(stored, headerLength(stored));

        // When / Then
        assertThatThrownBy(() -> decrypt(small, headerOnly)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("no chunk after the header");
    }

    @Test
    void aDroppedFinalChunkIsDetected() throws Exception {
        // Given: plaintext of exactly three full chunks, so every chunk boundary is a plausible end
        byte[] stored = encrypt(small, random(3 * SMALL, 8));
        byte[] withoutLast = Arrays.copyOf(stored, stored.length - (SMALL + StreamFormat.TAG_BYTES));

        // When / Then
        assertThatThrownBy(() -> decrypt(small, withoutLast)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("chunk 1 failed authentication as the final chunk");
    }

    @Test
    void appendedBytesAreDetected() throws Exception {
        // Given
        byte[] stored = encrypt(small, random(SMALL, 9));
        byte[] extended = Arrays.copyOf(stored, stored.length + 20);

        // When / Then
        assertThatThrownBy(() -> decrypt(small, extended)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("tampered or corrupt");
    }

    @Test
    void swappedChunksAreDetected() throws Exception {
        // Given
        byte[] stored = encrypt(small, random(3 * SMALL + 1, 10));
        byte[] first = chunk(stored, SMALL, 0);
        put(stored, SMALL, 0, chunk(stored, SMALL, 1));
        put(stored, SMALL, 1, first);

        // When / Then
        assertThatThrownBy(() -> decrypt(small, stored)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("chunk 0 failed authentication");
    }

    @Test
    void aChunkFromAnotherObjectWithTheSameKeyIsDetected() throws Exception {
        // Given: the same plaintext encrypted twice, chunk 1 moved from one object to the other
        byte[] plain = random(3 * SMALL + 1, 11);
        byte[] stored = encrypt(small, plain);
        byte[] other = encrypt(small, plain);
        put(stored, SMALL, 1, chunk(other, SMALL, 1));

        // When / Then
        assertThatThrownBy(() -> decrypt(small, stored)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("chunk 1 failed authentication");
    }

    @Test
    void aDifferentKeyUnderTheSameIdIsRefused() throws Exception {
        // Given
        byte[] stored = cipher.encrypt(random(100, 12), BINDING);
        ObjectCipher otherMaterial = new ObjectCipher(EncryptionKeys.parse("k1:" + newKey, "k1"));

        // When / Then
        assertThatThrownBy(() -> otherMaterial.decrypt(stored, BINDING, false))
                .isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> assertThat(((EncryptedObjectException) e).reason()).isEqualTo(Reason.WRONG_KEY))
                .hasMessageContaining("'k1'").hasMessageNotContaining(newKey);
    }

    @Test
    void anUnknownKeyIdIsNamedInTheError() throws Exception {
        // Given
        byte[] stored = cipher.encrypt(random(100, 13), BINDING);
        ObjectCipher otherRing = new ObjectCipher(EncryptionKeys.parse("k9:" + newKey, "k9"));

        // When / Then
        assertThatThrownBy(() -> otherRing.decrypt(stored, BINDING, false))
                .isInstanceOf(EncryptedObjectException.class)
                .satisfies(e -> {
                    EncryptedObjectException error = (EncryptedObjectException) e;
                    assertThat(error.reason()).isEqualTo(Reason.UNKNOWN_KEY);
                    assertThat(error.keyId()).contains("k1");
                })
                .hasMessageContaining("key id 'k1'").hasMessageContaining("[k9]");
        assertThatThrownBy(() -> new ObjectCipher(EncryptionKeys.none()).decrypt(stored, BINDING, false))
                .hasMessageContaining("key id 'k1'").hasMessageContaining("no keys");
    }

    @Test
    void afterRotationOldObjectsStillDecryptAndNewOnesUseTheNewKey() throws Exception {
        // Given
        byte[] plain = random(2 * CHUNK + 3, 14);
        byte[] beforeRotation = encrypt(cipher, plain);
        ObjectCipher rotated = new ObjectCipher(EncryptionKeys.parse("k1:" + oldKey + ",k2:" + newKey, "k2"));

        // When
        byte[] afterRotation = encrypt(rotated, plain);

        // Then
        assertThat(ObjectCipher.keyIdOf(afterRotation)).contains("k2");
        assertThat(decrypt(rotated, beforeRotation)).isEqualTo(plain);
        assertThat(decrypt(rotated, afterRotation)).isEqualTo(plain);
        assertThatThrownBy(() -> decrypt(cipher, afterRotation)).isInstanceOf(EncryptedObjectException.class)
                .hasMessageContaining("key id 'k2'");
    }

    @Test
    void theReaderTellsWhichKeyAnObjectUses() throws Exception {
        // Given
        byte[] stored = cipher.encrypt(random(10, 15), BINDING);

        // When
        DecryptingInputStream in = cipher.decrypting(new ByteArrayInputStream(stored), BINDING, false);
        DecryptingInputStream plain = new ObjectCipher(EncryptionKeys.none())
                .decrypting(new ByteArrayInputStream(new byte[] {1, 2, 3}), BINDING, false);

        // Then
        assertThat(in.encrypted()).isTrue();
        assertThat(in.keyId()).contains("k1");
        assertThat(plain.encrypted()).isFalse();
        assertThat(plain.readAllBytes()).containsExactly(1, 2, 3);
    }
}
