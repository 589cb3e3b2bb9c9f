package org.efp.dr.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Version 2 of the encrypted object format. All integers big-endian.
 *
 * <pre>
 * header   magic        8   0x89 'E' 'F' 'P' 'D' 'R' '\r' '\n'
 *          version      1   2
 *          chunk size   4   plaintext bytes per chunk (every chunk but the last is full)
 *          key id len   1   1..64
 *          key id       n   ASCII [A-Za-z0-9._-]
 *          salt        32   random per object
 *          base nonce  12   random per object
 *          binding     32   HMAC-SHA256(mac key, {@link ObjectBinding#encode()}): the object key and backup id
 *          header MAC  32   HMAC-SHA256(mac key, every header byte before it)
 * chunks   ciphertext || 16-byte GCM tag, one per chunk; the last one may hold 0..chunk size bytes
 * </pre>
 *
 * Per object, HKDF-SHA256(master key, salt, "efp-dr object v1") gives a 32-byte AES-256 content key and a
 * 32-byte header MAC key, so no (key, nonce) pair repeats across objects and the header MAC checks the key
 * before any chunk is read. Chunk {@code i} is sealed with nonce {@code base nonce XOR uint64(i)} (in the last
 * eight bytes) and associated data {@code SHA-256(header) || uint64(i) || final flag}: altering, reordering,
 * dropping, appending or moving chunks from another object all fail authentication. The binding tag ties the
 * object to the S3 key and backup id it was written for: the same bytes copied under another key or into another
 * backup are refused ({@code MISBOUND}) before any chunk is read; as the tag is inside the header, every chunk's
 * associated data covers it too. Version 1 had no binding tag; it is read only when a reader accepts unbound
 * objects.
 */
final class StreamFormat {

    static final byte[] MAGIC = {(byte) 0x89, 'E', 'F', 'P', 'D', 'R', '\r', '\n'};
    static final int VERSION = 2;
    static final int UNBOUND_VERSION = 1;
    static final int BINDING_BYTES = 32;
    static final int SALT_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int MAC_BYTES = 32;
    static final int TAG_BYTES = 16;
    static final int MIN_CHUNK = 256;
    static final int MAX_CHUNK = 16 << 20;
    static final int MAX_KEY_ID = 64;
    private static final byte[] INFO = "efp-dr object v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BINDING_INFO = "efp-dr binding v2".getBytes(StandardCharsets.US_ASCII);

    private StreamFormat() {
    }

    /** The two per-object keys. */
    record ObjectKeys(SecretKey content, SecretKey mac) {
    }

    /** The length of a version 2 header. */
    static int headerLength(int keyIdLength) {
        return headerLength(keyIdLength, VERSION);
    }

    static int headerLength(int keyIdLength, int version) {
        return MAGIC.length + 1 + 4 + 1 + keyIdLength + SALT_BYTES + NONCE_BYTES
                + (version == UNBOUND_VERSION ? 0 : BINDING_BYTES) + MAC_BYTES;
    }

    /** The binding tag of an object: what it was written as, authenticated with the object's MAC key. */
    static byte[] bindingTag(SecretKey macKey, ObjectBinding binding) {
        byte[] encoded = binding.encode();
        byte[] data = ByteBuffer.allocate(BINDING_INFO.length + encoded.length).put(BINDING_INFO).put(encoded).array();
        return mac(macKey, data, data.length);
    }

    /** HKDF-SHA256 (RFC 5869) of the master key into the content and MAC keys of one object. */
    static ObjectKeys derive(SecretKey master, byte[] salt) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = hmac.doFinal(master.getEncoded());
            hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
            hmac.update(INFO);
            hmac.update((byte) 1);
            byte[] t1 = hmac.doFinal();
            hmac.update(t1);
            hmac.update(INFO);
            hmac.update((byte) 2);
            byte[] t2 = hmac.doFinal();
            ObjectKeys keys = new ObjectKeys(new SecretKeySpec(t1, "AES"), new SecretKeySpec(t2, "HmacSHA256"));
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(t1, (byte) 0);
            Arrays.fill(t2, (byte) 0);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available", e);
        }
    }

    static byte[] mac(SecretKey macKey, byte[] data, int length) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(macKey);
            hmac.update(data, 0, length);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    static byte[] nonce(byte[] base, long index) {
        byte[] nonce = base.clone();
        for (int i = 0; i < 8; i++) {
            nonce[NONCE_BYTES - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return nonce;
    }

    static byte[] aad(byte[] headerDigest, long index, boolean last) {
        return ByteBuffer.allocate(headerDigest.length + 9).put(headerDigest).putLong(index)
                .put((byte) (last ? 1 : 0)).array();
    }

    static boolean startsWithMagic(byte[] bytes, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
