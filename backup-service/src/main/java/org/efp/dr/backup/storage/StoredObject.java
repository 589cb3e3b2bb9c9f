package org.efp.dr.backup.storage;

/** An object written to the store: its key, size in bytes and SHA-256 (hex) of its bytes. */
public record StoredObject(String key, long sizeBytes, String sha256) {
}
