package org.efp.dr.backup.storage;

/** Told how many more bytes reached the store, and how many raw bytes were read from the source. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = bytes -> { };

    void uploaded(long bytes);

    /** {@code bytes} more raw (uncompressed) bytes of the backup were read; what a backup's progress counts. */
    default void read(long bytes) {
    }
}
