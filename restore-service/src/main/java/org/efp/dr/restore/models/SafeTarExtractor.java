package org.efp.dr.restore.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.efp.dr.restore.RestoreException;

/**
 * Extracts a tar into an empty directory and nowhere else: absolute names, ".." components, links (symbolic or
 * hard) whose target leaves the directory, and special files are refused before anything of them is written.
 */
public final class SafeTarExtractor {

    private SafeTarExtractor() {
    }

    /** Extracts {@code tar} into {@code target}; returns the relative paths of the regular files written. */
    public static List<String> extract(InputStream tar, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<String> written = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path dest = inside(root, entry.getName(), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    if (link.isAbsolute()) {
                        throw unsafe(entry.getName(), "absolute link target " + entry.getLinkName());
                    }
                    inside(root, root.relativize(dest.getParent()).resolve(link).normalize().toString(), entry.getName());
                    Files.createDirectories(dest.getParent());
                    Files.createSymbolicLink(dest, link);
                } else if (entry.isLink()) {
                    Path source = inside(root, entry.getLinkName(), entry.getName());
                    Files.createDirectories(dest.getParent());
                    Files.createLink(dest, source);
                } else if (entry.isFile()) {
                    Files.createDirectories(dest.getParent());
                    realParentInside(root, dest, entry.getName());
                    try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(out);
                    }
                    written.add(root.relativize(dest).toString().replace('\\', '/'));
                } else {
                    throw unsafe(entry.getName(), "special file");
                }
            }
        }
        return written;
    }

    /** {@code name} resolved under {@code root}; refuses anything that would land outside it. */
    static Path inside(Path root, String name, String entryName) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(entryName, "absolute path " + name);
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw unsafe(entryName, "path traversal in " + name);
            }
        }
        Path resolved = root.resolve(name).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw unsafe(entryName, "path outside the target: " + name);
        }
        return resolved;
    }

    /** A symlink extracted earlier must not carry later files out of the directory. */
    private static void realParentInside(Path root, Path dest, String entryName) throws IOException {
        if (!dest.getParent().toRealPath().startsWith(root.toRealPath())) {
            throw unsafe(entryName, "parent directory is a link leaving the target");
        }
    }

    private static RestoreException unsafe(String entry, String why) {
        return new RestoreException(RestoreException.Reason.UNSAFE_ARCHIVE,
                "archive entry " + entry + " refused: " + why);
    }
}
