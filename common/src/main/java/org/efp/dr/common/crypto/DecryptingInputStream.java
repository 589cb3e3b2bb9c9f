package org.efp.dr.common.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.efp.dr.common.crypto.EncryptedObjectException.Reason;

/**
 * Reads an object back as it was before encryption. The first bytes decide: without the {@link StreamFormat}
 * magic the object is plaintext, which passes through unchanged only when plaintext is allowed (no keys configured
 * and the manifest does not say encrypted) and is refused ({@code PLAINTEXT_REFUSED}) otherwise; with it, the
 * header must authenticate and name the object key and backup id the reader expects ({@link ObjectBinding}), then
 * each chunk is authenticated before any of its bytes is handed out. Every failure is an
 * {@link EncryptedObjectException}.
 */
public final class DecryptingInputStream extends InputStream {

    private enum Mode { UNKNOWN, PLAIN, ENCRYPTED, END }

    private final InputStream in;
    private final EncryptionKeys keys;
    private final ObjectBinding binding;
    private final boolean plaintextAllowed;
    private final boolean unboundAccepted;
    private Mode mode = Mode.UNKNOWN;
    private byte[] head;
    private int headPos;
    private int headLength;
    private String keyId;
    private Cipher cipher;
    private SecretKey contentKey;
    private byte[] baseNonce;
    private byte[] headerDigest;
    private byte[] chunk;
    private byte[] plain;
    private int plainPos;
    private int plainLength;
    private int carry = -1;
    private long index;
    private IOException failure;

    DecryptingInputStream(InputStream in, EncryptionKeys keys, ObjectBinding binding, boolean plaintextAllowed,
            boolean unboundAccepted) {
        this.in = Objects.requireNonNull(in, "in");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.binding = Objects.requireNonNull(binding, "binding");
        this.plaintextAllowed = plaintextAllowed;
        this.unboundAccepted = unboundAccepted;
    }

    /** Whether the object is encrypted (known once the first byte was read). */
    public boolean encrypted() throws IOException {
        start();
        return keyId != null;
    }

    /** The key id an encrypted object names (known once the first byte was read). */
    public Optional<String> keyId() throws IOException {
        start();
        return Optional.ofNullable(keyId);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        start();
        if (mode == Mode.PLAIN) {
            if (headPos < headLength) {
                int n = Math.min(len, headLength - headPos);
                System.arraycopy(head, headPos, b, off, n);
                headPos += n;
                return n;
            }
            return in.read(b, off, len);
        }
        while (plainPos == plainLength) {
            if (mode == Mode.END) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, plainLength - plainPos);
        System.arraycopy(plain, plainPos, b, off, n);
        plainPos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        if (mode == Mode.PLAIN) {
            return headLength - headPos + in.available();
        }
        return plainLength - plainPos;
    }

    @Override
    public void close() throws IOException {
        if (plain != null) {
            Arrays.fill(plain, (byte) 0);
        }
        in.close();
    }

    private void start() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (mode != Mode.UNKNOWN) {
            return;
        }
        head = new byte[StreamFormat.MAGIC.length];
        headLength = in.readNBytes(head, 0, head.length);
        if (!StreamFormat.startsWithMagic(head, headLength)) {
            if (!plaintextAllowed) {
                failure = new EncryptedObjectException(Reason.PLAINTEXT_REFUSED, null, "object " + binding
                        + " is plaintext where an encrypted object is expected (encryption keys are configured or "
                        + "its manifest says encrypted): a downgraded or substituted object");
                throw failure;
            }
            mode = Mode.PLAIN;
            return;
        }
        try {
            readHeader();
        } catch (EncryptedObjectException e) {
            failure = e;
            throw e;
        }
        mode = Mode.ENCRYPTED;
    }

    private void readHeader() throws IOException {
        byte[] fixed = readExactly(1 + 4 + 1, "header");
        int version = fixed[0] & 0xFF;
        if (version == StreamFormat.UNBOUND_VERSION && !unboundAccepted) {
            throw new EncryptedObjectException(Reason.UNBOUND_FORMAT, null, "object " + binding + " is in encrypted "
                    + "format version 1, which does not bind its key and backup id; it is read only with "
                    + ObjectCipher.ACCEPT_UNBOUND_VARIABLE + "=true");
        }
        if (version != StreamFormat.VERSION && version != StreamFormat.UNBOUND_VERSION) {
            throw new EncryptedObjectException(Reason.UNSUPPORTED_FORMAT, null, "encrypted object has format version "
                    + version + "; this reader knows version " + StreamFormat.VERSION);
        }
        int chunkSize = ByteBuffer.wrap(fixed, 1, 4).getInt();
        int idLength = fixed[5] & 0xFF;
        if (chunkSize < StreamFormat.MIN_CHUNK || chunkSize > StreamFormat.MAX_CHUNK || idLength == 0
                || idLength > StreamFormat.MAX_KEY_ID) {
            throw tampered("header is corrupt (chunk size " + chunkSize + ", key id length " + idLength + ")");
        }
        int bindingBytes = version == StreamFormat.UNBOUND_VERSION ? 0 : StreamFormat.BINDING_BYTES;
        byte[] rest = readExactly(idLength + StreamFormat.SALT_BYTES + StreamFormat.NONCE_BYTES + bindingBytes
                + StreamFormat.MAC_BYTES, "header");
        String id = new String(rest, 0, idLength, StandardCharsets.US_ASCII);
        if (!EncryptionKeys.isValidKeyId(id)) {
            throw tampered("header is corrupt (invalid key id)");
        }
        byte[] header = ByteBuffer.allocate(StreamFormat.headerLength(idLength, version)).put(StreamFormat.MAGIC)
                .put(fixed).put(rest).array();
        SecretKey master = keys.key(id).orElseThrow(() -> new EncryptedObjectException(Reason.UNKNOWN_KEY, id,
                "object is encrypted with key id '" + id + "', which is not configured ("
                        + EncryptionKeys.KEYS_VARIABLE + " has " + (keys.isEmpty() ? "no keys" : keys.keyIds()) + ")"));
        byte[] salt = Arrays.copyOfRange(rest, idLength, idLength + StreamFormat.SALT_BYTES);
        StreamFormat.ObjectKeys derived = StreamFormat.derive(master, salt);
        int macAt = header.length - StreamFormat.MAC_BYTES;
        byte[] expected = StreamFormat.mac(derived.mac(), header, macAt);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(header, macAt, header.length))) {
            throw new EncryptedObjectException(Reason.WRONG_KEY, id, "header of an object encrypted with key id '"
                    + id + "' does not authenticate: the key configured under that id is not the one it was "
                    + "encrypted with, or the object is tampered or corrupt");
        }
        if (bindingBytes > 0) {
            int bindingAt = idLength + StreamFormat.SALT_BYTES + StreamFormat.NONCE_BYTES;
            byte[] expectedBinding = StreamFormat.bindingTag(derived.mac(), binding);
            byte[] stored = Arrays.copyOfRange(rest, bindingAt, bindingAt + bindingBytes);
            if (!MessageDigest.isEqual(expectedBinding, stored)) {
                throw new EncryptedObjectException(Reason.MISBOUND, id, "encrypted object read as " + binding
                        + " was written as another object or for another backup: it was copied or replayed here");
            }
        }
        keyId = id;
        contentKey = derived.content();
        baseNonce = Arrays.copyOfRange(rest, idLength + StreamFormat.SALT_BYTES,
                idLength + StreamFormat.SALT_BYTES + StreamFormat.NONCE_BYTES);
        headerDigest = StreamFormat.sha256(header);
        cipher = StreamFormat.gcm();
        chunk = new byte[chunkSize + StreamFormat.TAG_BYTES];
        plain = new byte[chunkSize];
    }

    /** Reads, authenticates and decrypts the next chunk; only then are its bytes readable. */
    private void nextChunk() throws IOException {
        try {
            int length = 0;
            if (carry >= 0) {
                chunk[length++] = (byte) carry;
                carry = -1;
            }
            length += in.readNBytes(chunk, length, chunk.length - length);
            boolean last = length < chunk.length;
            if (!last) {
                carry = in.read();
                last = carry < 0;
            }
            if (length < StreamFormat.TAG_BYTES) {
                throw tampered(index == 0 ? "truncated: no chunk after the header"
                        : "truncated: chunk " + index + " is incomplete");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, contentKey, new GCMParameterSpec(StreamFormat.TAG_BYTES * 8,
                        StreamFormat.nonce(baseNonce, index)));
                cipher.updateAAD(StreamFormat.aad(headerDigest, index, last));
                plainLength = cipher.doFinal(chunk, 0, length, plain, 0);
            } catch (AEADBadTagException e) {
                throw tampered("chunk " + index + " failed authentication"
                        + (last ? " as the final chunk (the object may also be truncated)" : ""));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt chunk " + index + ": " + e.getMessage(), e);
            }
            plainPos = 0;
            index++;
            if (last) {
                mode = Mode.END;
            }
        } catch (EncryptedObjectException e) {
            failure = e;
            Arrays.fill(plain, (byte) 0);
            plainLength = 0;
            plainPos = 0;
            throw e;
        }
    }

    private byte[] readExactly(int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw tampered("truncated " + what);
        }
        return bytes;
    }

    private EncryptedObjectException tampered(String detail) {
        return new EncryptedObjectException(Reason.TAMPERED_OR_CORRUPT, keyId,
                "encrypted object is tampered or corrupt: " + detail);
    }
}
