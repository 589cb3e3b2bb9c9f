package org.efp.dr.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What changes when a file in a directory tree does, without reading it: each regular file's size and modification
 * time. Links are neither followed nor listed, so a link cannot bring in files from elsewhere.
 */
public final class FileStamps {

    /** A file's size in bytes and its modification time in epoch milliseconds. */
    public record Stamp(long size, long modifiedMillis) {
    }

    private FileStamps() {
    }

    /** Every regular file below {@code dir}, by its path relative to {@code dir}, in path order. */
    public static SortedMap<Path, Stamp> of(Path dir) throws IOException {
        SortedMap<Path, Stamp> stamps = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    ::iterator) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                stamps.put(dir.relativize(f), new Stamp(a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        return stamps;
    }
}
