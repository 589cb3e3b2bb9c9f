package org.efp.dr.common.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Writes the {@link StreamFormat} of what it is given, one chunk at a time: memory stays at two chunks whatever
 * the object's size. A full chunk is sealed only when more bytes follow, so the last chunk, the one marked final,
 * is sealed by {@link #close()}; an object whose stream is never closed is unreadable, never silently short.
 */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream out;
    private final Cipher cipher = StreamFormat.gcm();
    private final SecretKey contentKey;
    private final byte[] baseNonce;
    private final byte[] header;
    private final byte[] headerDigest;
    private final byte[] plain;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean headerWritten;
    private boolean closed;

    EncryptingOutputStream(OutputStream out, String keyId, SecretKey master, ObjectBinding binding, int chunkSize,
            SecureRandom random) {
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(binding, "binding");
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] salt = new byte[StreamFormat.SALT_BYTES];
        random.nextBytes(salt);
        baseNonce = new byte[StreamFormat.NONCE_BYTES];
        random.nextBytes(baseNonce);
        StreamFormat.ObjectKeys keys = StreamFormat.derive(master, salt);
        contentKey = keys.content();
        ByteBuffer h = ByteBuffer.allocate(StreamFormat.headerLength(id.length));
        h.put(StreamFormat.MAGIC).put((byte) StreamFormat.VERSION).putInt(chunkSize).put((byte) id.length).put(id)
                .put(salt).put(baseNonce).put(StreamFormat.bindingTag(keys.mac(), binding));
        h.put(StreamFormat.mac(keys.mac(), h.array(), h.position()));
        header = h.array();
        headerDigest = StreamFormat.sha256(header);
        plain = new byte[chunkSize];
        sealed = new byte[chunkSize + StreamFormat.TAG_BYTES];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("encrypting stream is closed");
        }
        while (len > 0) {
            if (filled == plain.length) {
                seal(false);
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes what is sealed; bytes of the chunk being filled stay here until it is full or the stream closes. */
    @Override
    public void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    /** Seals the final chunk, then closes the stream underneath. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            seal(true);
            out.flush();
        } finally {
            closed = true;
            Arrays.fill(plain, (byte) 0);
            out.close();
        }
    }

    private void seal(boolean last) throws IOException {
        if (!headerWritten) {
            out.write(header);
            headerWritten = true;
        }
        int n;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, contentKey, new GCMParameterSpec(StreamFormat.TAG_BYTES * 8,
                    StreamFormat.nonce(baseNonce, index)));
            cipher.updateAAD(StreamFormat.aad(headerDigest, index, last));
            n = cipher.doFinal(plain, 0, filled, sealed, 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt chunk " + index + ": " + e.getMessage(), e);
        }
        out.write(sealed, 0, n);
        index++;
        filled = 0;
    }
}
