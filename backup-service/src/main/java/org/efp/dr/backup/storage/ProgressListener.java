package org.efp.dr.backup.storage;

/** Told how many more bytes reached the store. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = bytes -> { };

    void uploaded(long bytes);
}
