package org.efp.dr.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an encrypted object was written as: its S3 key and, when it belongs to one backup, that backup's id (WAL
 * segments archived on their own belong to none). Sealed into the object's header, so the same ciphertext copied
 * under another key or into another backup no longer authenticates.
 */
public record ObjectBinding(String backupId, String objectKey) {

    private static final int MAX_BYTES = 1024;

    public ObjectBinding {
        Objects.requireNonNull(objectKey, "objectKey");
        if (objectKey.isBlank() || objectKey.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("object key must be 1 to " + MAX_BYTES + " bytes");
        }
        if (backupId != null && (backupId.isBlank() || backupId.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)) {
            throw new IllegalArgumentException("backup id must be 1 to " + MAX_BYTES + " bytes when given");
        }
    }

    /** An object of backup {@code backupId} stored under {@code objectKey}. */
    public static ObjectBinding of(String backupId, String objectKey) {
        return new ObjectBinding(Objects.requireNonNull(backupId, "backupId"), objectKey);
    }

    /** An object that belongs to no single backup (an archived WAL segment), bound to its key only. */
    public static ObjectBinding archived(String objectKey) {
        return new ObjectBinding(null, objectKey);
    }

    /** Length-prefixed UTF-8 of the backup id (empty for none) and the object key: unambiguous. */
    byte[] encode() {
        byte[] id = backupId == null ? new byte[0] : backupId.getBytes(StandardCharsets.UTF_8);
        byte[] key = objectKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + id.length + 4 + key.length).put((byte) (backupId == null ? 0 : 1))
                .putInt(id.length).put(id).putInt(key.length).put(key).array();
    }

    @Override
    public String toString() {
        return backupId == null ? objectKey : objectKey + " of backup " + backupId;
    }
}
