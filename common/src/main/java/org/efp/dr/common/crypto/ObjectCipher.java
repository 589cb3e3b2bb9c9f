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
 * the layout), streaming in both directions with constant memory. Writers encrypt with the active key and bind
 * each object to its S3 key and backup id ({@link ObjectBinding}); readers accept any configured key, refuse an
 * object bound to another key or backup, and refuse plaintext whenever keys are configured or the manifest says
 * encrypted (a plaintext object then is a downgrade). Objects of the first format, which bind nothing, are read
 * only when {@link #ACCEPT_UNBOUND_VARIABLE} is true. Thread-safe: every stream gets its own cipher state.
 */
public final class ObjectCipher {

    /** How manifests name this encryption. */
    public static final String ALGORITHM = "AES-256-GCM-HKDF-SHA256-CHUNKED-V1";
    /** Plaintext bytes per authenticated chunk. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    /**
     * Compatibility switch: {@code true} reads encrypted objects of the first format, which are not bound to their
     * key and backup id (a copy of one under another backup still decrypts). Off unless set.
     */
    public static final String ACCEPT_UNBOUND_VARIABLE = "DR_BACKUP_ENCRYPTION_ACCEPT_UNBOUND_V1";
    /** The MicroProfile Config name of {@link #ACCEPT_UNBOUND_VARIABLE}. */
    public static final String ACCEPT_UNBOUND_PROPERTY = "dr.backup.encryption.accept-unbound-v1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionKeys keys;
    private final int chunkSize;
    private final boolean unboundAccepted;

    public ObjectCipher(EncryptionKeys keys) {
        this(keys, DEFAULT_CHUNK_SIZE, false);
    }

    private ObjectCipher(EncryptionKeys keys, int chunkSize, boolean unboundAccepted) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.unboundAccepted = unboundAccepted;
        if (chunkSize < StreamFormat.MIN_CHUNK || chunkSize > StreamFormat.MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size must be between " + StreamFormat.MIN_CHUNK + " and "
                    + StreamFormat.MAX_CHUNK + " bytes");
        }
        this.chunkSize = chunkSize;
    }

    /** The keys from MicroProfile Config, with the {@link #ACCEPT_UNBOUND_PROPERTY} switch. */
    public static ObjectCipher fromConfig(org.eclipse.microprofile.config.Config config) {
        return new ObjectCipher(EncryptionKeys.fromConfig(config))
                .acceptingUnbound(config.getOptionalValue(ACCEPT_UNBOUND_PROPERTY, Boolean.class).orElse(false));
    }

    /** The same keys with another chunk size for new objects (readers take the size from each header). */
    public ObjectCipher withChunkSize(int bytes) {
        return new ObjectCipher(keys, bytes, unboundAccepted);
    }

    /** The same keys, reading objects of the first (unbound) format too when {@code accepted}. */
    public ObjectCipher acceptingUnbound(boolean accepted) {
        return new ObjectCipher(keys, chunkSize, accepted);
    }

    /** Whether objects of the first format, bound to no key or backup, are read. */
    public boolean acceptsUnbound() {
        return unboundAccepted;
    }

    /** Whether a plaintext object may be read: only when no keys are configured and none is expected encrypted. */
    public boolean allowsPlaintext(boolean expectedEncrypted) {
        return keys.isEmpty() && !expectedEncrypted;
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
     * Encrypts what is written into {@code out} with the active key, bound to {@code binding}. Close it to seal the
     * final chunk (which also closes {@code out}); an unclosed stream leaves an object that fails to decrypt.
     *
     * @throws IllegalStateException when no active key is configured
     */
    public OutputStream encrypting(OutputStream out, ObjectBinding binding) {
        String keyId = keys.activeKeyId().orElseThrow(() -> new IllegalStateException(
                "no active encryption key: set " + EncryptionKeys.ACTIVE_KEY_VARIABLE));
        return new EncryptingOutputStream(out, keyId, keys.key(keyId).orElseThrow(), binding, chunkSize, RANDOM);
    }

    /**
     * Reads {@code in}, the object {@code binding} names, decrypted: an encrypted object must be bound to it and is
     * authenticated chunk by chunk (a failure is an {@link EncryptedObjectException}); a plaintext object is
     * returned as it is only when {@link #allowsPlaintext(boolean)}. Closing it closes {@code in}.
     *
     * @param expectedEncrypted whether the object's manifest says it is encrypted
     */
    public DecryptingInputStream decrypting(InputStream in, ObjectBinding binding, boolean expectedEncrypted) {
        return new DecryptingInputStream(in, keys, binding, allowsPlaintext(expectedEncrypted), unboundAccepted);
    }

    /** Encrypts a small object held in memory, bound to {@code binding}. */
    public byte[] encrypt(byte[] plain, ObjectBinding binding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 128 + StreamFormat.TAG_BYTES
                * (plain.length / chunkSize + 1));
        try (OutputStream encrypting = encrypting(out, binding)) {
            encrypting.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decrypts a small object held in memory (see {@link #decrypting(InputStream, ObjectBinding, boolean)}). */
    public byte[] decrypt(byte[] stored, ObjectBinding binding, boolean expectedEncrypted)
            throws EncryptedObjectException {
        try (InputStream in = decrypting(new java.io.ByteArrayInputStream(stored), binding, expectedEncrypted)) {
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
