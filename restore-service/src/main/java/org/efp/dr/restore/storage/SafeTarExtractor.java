package org.efp.dr.restore.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.efp.dr.restore.RestoreException;

/**
 * Extracts a tar into an empty directory and nowhere else. An archive may hold regular files and directories only:
 * symbolic links, hard links, devices, FIFOs and any other entry type are refused by their tar type flag, as are
 * absolute names, "." or ".." components and over-long names. When the archive's manifest lists its files, every
 * file must be listed with at least its size. Caps bound the entry count, each entry's size and the total, so an
 * archive that expands far beyond what it claims is refused while it streams. Every directory and file is created
 * one component at a time without following links, under a target whose real path is checked to stay inside.
 */
public final class SafeTarExtractor {

    private static final LinkOption[] NOFOLLOW = { LinkOption.NOFOLLOW_LINKS };

    /**
     * What an archive may hold. {@code listed}: manifest path → size in bytes, or null when the archive has no file
     * listing (a base backup); {@code maxTotalBytes} is then the only bound on the sum of the files' sizes.
     */
    public record Rules(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxNameLength,
            Map<String, Long> listed) {

        public Rules {
            if (maxEntries < 1 || maxEntryBytes < 0 || maxTotalBytes < 0 || maxNameLength < 1) {
                throw new IllegalArgumentException("archive limits must be positive");
            }
            listed = listed == null ? null : Map.copyOf(listed);
        }

        /** The sum of the listed sizes, or -1 without a listing. */
        long listedTotal() {
            return listed == null ? -1 : listed.values().stream().reduce(0L, SafeTarExtractor::saturatingAdd);
        }

        /**
         * Most bytes the uncompressed tar stream may have: the file bytes allowed plus room for headers (a few
         * blocks per entry, long names in PAX headers) and the end-of-archive blocks.
         */
        public long streamCap() {
            long files = listedTotal() >= 0 ? Math.min(listedTotal(), maxTotalBytes) : maxTotalBytes;
            long entries = listed == null ? maxEntries : Math.min(maxEntries, 2L * listed.size() + 16);
            long headers = entries * (3L * 512 + maxNameLength + 512) + 1024 * 1024;
            return saturatingAdd(files, headers);
        }
    }

    private SafeTarExtractor() {
    }

    /** {@code a + b} for sizes, Long.MAX_VALUE instead of overflowing (a manifest cannot wrap a total around). */
    public static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** Reads every header and checks it against {@code rules} without writing anything; returns the file count. */
    public static int check(InputStream tar, Rules rules) throws IOException {
        Walk walk = new Walk(rules);
        try (TarArchiveInputStream in = new TarArchiveInputStream(capped(tar, rules.streamCap()))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                walk.accept(entry);
            }
        }
        return walk.files.size();
    }

    /** Extracts {@code tar} into {@code target}; returns the relative paths of the regular files written. */
    public static List<String> extract(InputStream tar, Path target, Rules rules) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        if (!Files.isDirectory(root, NOFOLLOW)) {
            throw new IOException("extraction target " + root + " is not a directory");
        }
        Path realRoot = root.toRealPath();
        Walk walk = new Walk(rules);
        List<String> written = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(capped(tar, rules.streamCap()))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = walk.accept(entry);
                if (entry.isDirectory()) {
                    directories(root, realRoot, name, entry.getName());
                    continue;
                }
                int slash = name.lastIndexOf('/');
                Path parent = slash < 0 ? root : directories(root, realRoot, name.substring(0, slash), entry.getName());
                Path dest = parent.resolve(name.substring(slash + 1));
                long copied;
                try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    copied = in.transferTo(out);
                } catch (FileAlreadyExistsException e) {
                    throw unsafe(entry.getName(), "already extracted");
                }
                if (copied != entry.getSize()) {
                    throw unsafe(entry.getName(), "holds " + copied + " bytes, its header says " + entry.getSize());
                }
                written.add(name);
            }
        }
        return written;
    }

    /** Creates {@code relative} under {@code root} one directory at a time, refusing anything that is not one. */
    private static Path directories(Path root, Path realRoot, String relative, String entryName) throws IOException {
        Path dir = root;
        for (String part : relative.split("/")) {
            dir = dir.resolve(part);
            if (Files.exists(dir, NOFOLLOW)) {
                if (!Files.isDirectory(dir, NOFOLLOW)) {
                    throw unsafe(entryName, dir.getFileName() + " exists and is not a directory");
                }
            } else {
                Files.createDirectory(dir);
            }
        }
        if (!dir.toRealPath().startsWith(realRoot)) {
            throw unsafe(entryName, "directory resolves outside the target");
        }
        return dir;
    }

    /** Entry-by-entry checks, the same for {@link #check} and {@link #extract}. */
    private static final class Walk {
        private final Rules rules;
        private final Set<String> files = new HashSet<>();
        private final Set<String> listedDirectories = new HashSet<>();
        private int entries;
        private long total;

        Walk(Rules rules) {
            this.rules = rules;
            if (rules.listed() != null) {
                for (String path : rules.listed().keySet()) {
                    for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                        listedDirectories.add(path.substring(0, i));
                    }
                }
            }
        }

        /** Checks one entry; returns its normalized relative name. */
        String accept(TarArchiveEntry entry) {
            String raw = entry.getName();
            if (++entries > rules.maxEntries()) {
                throw unsafe(raw, "the archive has more than " + rules.maxEntries() + " entries");
            }
            if (raw.getBytes(StandardCharsets.UTF_8).length > rules.maxNameLength()) {
                throw unsafe(raw, "name longer than " + rules.maxNameLength() + " bytes");
            }
            String type = forbiddenType(entry);
            if (type != null) {
                throw unsafe(raw, type + " (archives may hold regular files and directories only)");
            }
            String name = name(raw);
            if (entry.isDirectory()) {
                if (entry.getSize() != 0) {
                    throw unsafe(raw, "directory with content");
                }
                if (rules.listed() != null && !listedDirectories.contains(name)) {
                    throw unsafe(raw, "directory holds no file the manifest lists");
                }
                return name;
            }
            long size = entry.getSize();
            if (size < 0 || size > rules.maxEntryBytes()) {
                throw unsafe(raw, size + " bytes, more than the limit of " + rules.maxEntryBytes() + " per entry");
            }
            if (rules.listed() != null) {
                Long listedSize = rules.listed().get(name);
                if (listedSize == null) {
                    throw unsafe(raw, "not in the manifest");
                }
                if (size > listedSize) {
                    throw unsafe(raw, size + " bytes, the manifest lists " + listedSize);
                }
            }
            if (!files.add(name)) {
                throw unsafe(raw, "appears twice");
            }
            total = saturatingAdd(total, size);
            if (total > rules.maxTotalBytes()) {
                throw unsafe(raw, "the archive holds more than the limit of " + rules.maxTotalBytes() + " bytes");
            }
            if (rules.listed() != null && total > rules.listedTotal()) {
                throw unsafe(raw, "the archive holds more than the manifest's " + rules.listedTotal() + " bytes");
            }
            return name;
        }
    }

    /** Why an entry's type is refused, or null for a regular file or a directory. */
    static String forbiddenType(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return "symbolic link to " + entry.getLinkName();
        }
        if (entry.isLink()) {
            return "hard link to " + entry.getLinkName();
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "device node";
        }
        if (entry.isFIFO()) {
            return "FIFO";
        }
        byte flag = entry.getLinkFlag();
        if (flag == TarConstants.LF_DIR || entry.isDirectory()) {
            return flag == TarConstants.LF_DIR || flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                    ? null : "entry type '" + (char) flag + "'";
        }
        if ((flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
                && !entry.isSparse()) {
            return null;
        }
        return "entry type '" + (char) flag + "'";
    }

    /**
     * The entry's name as a relative path of plain components ("a/b/c"); a leading "./" and a trailing "/" are
     * dropped. Absolute names, "." or ".." components, empty components and backslashes are refused.
     */
    public static String name(String raw) {
        String name = raw;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
            throw unsafe(raw, "absolute path");
        }
        if (name.isEmpty() || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw unsafe(raw, "not a plain relative path");
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                throw unsafe(raw, "path traversal");
            }
            if (part.isEmpty() || part.equals(".") || part.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw unsafe(raw, "not a plain relative path");
            }
        }
        return name;
    }

    /** {@code name} (a manifest path) resolved under {@code root}; refuses anything that would land outside it. */
    public static Path inside(Path root, String name) {
        Path resolved = root.resolve(name(name)).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw unsafe(name, "path outside the target");
        }
        return resolved;
    }

    /** A stream that refuses to yield more than {@code cap} bytes: a decompression bomb stops here. */
    public static InputStream capped(InputStream in, long cap) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                count(skipped);
                return skipped;
            }

            private void count(long n) {
                read += n;
                if (read > cap) {
                    throw new RestoreException(RestoreException.Reason.UNSAFE_ARCHIVE, "archive expands beyond "
                            + cap + " bytes, more than its manifest and the limits allow");
                }
            }
        };
    }

    static RestoreException unsafe(String entry, String why) {
        return new RestoreException(RestoreException.Reason.UNSAFE_ARCHIVE,
                "archive entry " + org.efp.dr.common.events.Require.abbreviate(entry) + " refused: " + why);
    }
}
