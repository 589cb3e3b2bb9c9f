package org.efp.dr.common.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** Writes objects in the first encrypted format (no binding tag), as backups taken before binding existed are. */
final class UnboundObjects {

    private UnboundObjects() {
    }

    static byte[] write(byte[] plain, String keyId, EncryptionKeys keys, int chunkSize)
            throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] salt = new byte[StreamFormat.SALT_BYTES];
        byte[] nonce = new byte[StreamFormat.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        StreamFormat.ObjectKeys derived = StreamFormat.derive(keys.key(keyId).orElseThrow(), salt);
        ByteBuffer h = ByteBuffer.allocate(StreamFormat.headerLength(id.length, StreamFormat.UNBOUND_VERSION));
        h.put(StreamFormat.MAGIC).put((byte) StreamFormat.UNBOUND_VERSION).putInt(chunkSize).put((byte) id.length)
                .put(id).put(salt).put(nonce);
        h.put(StreamFormat.mac(derived.mac(), h.array(), h.position()));
        byte[] header = h.array();
        byte[] digest = StreamFormat.sha256(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        Cipher gcm = StreamFormat.gcm();
        int chunks = Math.max(1, (plain.length + chunkSize - 1) / chunkSize);
        for (int i = 0; i < chunks; i++) {
            int from = i * chunkSize;
            int to = Math.min(plain.length, from + chunkSize);
            gcm.init(Cipher.ENCRYPT_MODE, derived.content(), new GCMParameterSpec(StreamFormat.TAG_BYTES * 8,
                    StreamFormat.nonce(nonce, i)));
            gcm.updateAAD(StreamFormat.aad(digest, i, i == chunks - 1));
            out.writeBytes(gcm.doFinal(plain, from, to - from));
        }
        return out.toByteArray();
    }
}
