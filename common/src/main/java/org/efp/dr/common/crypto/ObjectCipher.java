package org.efp.dr.common.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Client-side encryption of stored objects (AES-256-GCM in authenticated chunks, see {@link StreamFormat} for
 * the layout), streaming in both directions with constant memory. Writers encrypt with the active key; readers
 * accept any configured key and pass plaintext objects through unchanged, so backups taken before encryption was
 * switched on stay readable. Thread-safe: every stream gets its own cipher state.
 */
public final class ObjectCipher {

    /** How manifests name this encryption. */
    public static final String ALGORITHM = "AES-256-GCM-HKDF-SHA256-CHUNKED-V1";
    /** Plaintext bytes per authenticated chunk. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionKeys keys;
    private final int chunkSize;

    public ObjectCipher(EncryptionKeys keys) {
        this(keys, DEFAULT_CHUNK_SIZE);
    }

    private ObjectCipher(EncryptionKeys keys, int chunkSize) {
        this.keys = Objects.requireNonNull(keys, "keys");
        if (chunkSize < StreamFormat.MIN_CHUNK || chunkSize > StreamFormat.MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size must be between " + StreamFormat.MIN_CHUNK + " and "
                    + StreamFormat.MAX_CHUNK + " bytes");
        }
        this.chunkSize = chunkSize;
    }

    /** The same keys with another chunk size for new objects (readers take the size from each header). */
    public ObjectCipher withChunkSize(int bytes) {
        return new ObjectCipher(keys, bytes);
    }

    public EncryptionKeys keys() {
        return keys;
    }

    /** Whether {@link #encrypting} can be used: an active key is configured. */
    public boolean canEncrypt() {
        return keys.activeKeyId().isPresent();
    }

    /** The key id new objects are encrypted with. */
    public Optional<String> activeKeyId() {
        return keys.activeKeyId();
    }

    /**
     * Encrypts what is written into {@code out} with the active key. Close it to seal the final chunk (which also
     * closes {@code out}); an unclosed stream leaves an object that fails to decrypt.
     *
     * @throws IllegalStateException when no active key is configured
     */
    public OutputStream encrypting(OutputStream out) {
        String keyId = keys.activeKeyId().orElseThrow(() -> new IllegalStateException(
                "no active encryption key: set " + EncryptionKeys.ACTIVE_KEY_VARIABLE));
        return new EncryptingOutputStream(out, keyId, keys.key(keyId).orElseThrow(), chunkSize, RANDOM);
    }

    /**
     * Reads {@code in} decrypted: an encrypted object is authenticated chunk by chunk (a failure is an
     * {@link EncryptedObjectException}); a plaintext object is returned as it is. Closing it closes {@code in}.
     */
    public DecryptingInputStream decrypting(InputStream in) {
        return new DecryptingInputStream(in, keys);
    }

    /** Encrypts a small object held in memory. */
    public byte[] encrypt(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 128 + StreamFormat.TAG_BYTES
                * (plain.length / chunkSize + 1));
        try (OutputStream encrypting = encrypting(out)) {
            encrypting.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decrypts a small object held in memory (plaintext is returned as it is). */
    public byte[] decrypt(byte[] stored) throws EncryptedObjectException {
        try (InputStream in = decrypting(new java.io.ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (EncryptedObjectException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether bytes starting with {@code head} are an encrypted object (the magic is 8 bytes). */
    public static boolean isEncrypted(byte[] head) {
        return StreamFormat.startsWithMagic(head, head.length);
    }

    /** The key id named by the header at the start of {@code head}, if it is an encrypted object's. */
    public static Optional<String> keyIdOf(byte[] head) {
        int at = StreamFormat.MAGIC.length + 1 + 4;
        if (!isEncrypted(head) || head.length <= at) {
            return Optional.empty();
        }
        int length = head[at] & 0xFF;
        if (length == 0 || head.length < at + 1 + length) {
            return Optional.empty();
        }
        String id = new String(head, at + 1, length, StandardCharsets.US_ASCII);
        return EncryptionKeys.isValidKeyId(id) ? Optional.of(id) : Optional.empty();
    }
}
