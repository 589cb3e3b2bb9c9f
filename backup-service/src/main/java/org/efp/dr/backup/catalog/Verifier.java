package org.efp.dr.backup.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.manifest.ManifestCodec;
import org.efp.dr.backup.storage.ObjectStore;

/**
 * Checks a backup without restoring it: the manifest is the one the catalog recorded, and every object it lists
 * is re-read from S3 and matches its size and SHA-256.
 */
@ApplicationScoped
public class Verifier {

    /** The verdict, with every problem found. */
    public record Verification(String backupId, boolean valid, int objectsChecked, long bytesChecked,
            List<String> problems) {
    }

    private final ObjectStore store;

    public Verifier(ObjectStore store) {
        this.store = store;
    }

    public Verification verify(CatalogEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.status() != BackupStatus.COMPLETED) {
            return new Verification(entry.backupId(), false, 0, 0,
                    List.of("backup is " + entry.status() + ", not COMPLETED"));
        }
        Manifest manifest;
        try {
            byte[] bytes = store.read(entry.prefix() + Manifest.FILE_NAME);
            String sha = sha256(bytes);
            if (!sha.equals(entry.manifestSha256())) {
                problems.add("manifest checksum " + sha + " differs from the recorded " + entry.manifestSha256());
            }
            manifest = ManifestCodec.read(bytes);
        } catch (RuntimeException e) {
            return new Verification(entry.backupId(), false, 0, 0, List.of("manifest unreadable: " + e.getMessage()));
        }
        int checked = 0;
        long bytesChecked = 0;
        for (Manifest.ManifestObject object : manifest.objects()) {
            try (InputStream in = store.open(object.key())) {
                CountingDigest result = CountingDigest.of(in);
                checked++;
                bytesChecked += result.size();
                if (result.size() != object.sizeBytes()) {
                    problems.add(object.key() + ": size " + result.size() + " differs from the manifest's "
                            + object.sizeBytes());
                }
                if (!result.sha256().equals(object.sha256())) {
                    problems.add(object.key() + ": SHA-256 " + result.sha256() + " differs from the manifest's "
                            + object.sha256());
                }
            } catch (IOException | RuntimeException e) {
                problems.add(object.key() + ": unreadable: " + e.getMessage());
            }
        }
        return new Verification(entry.backupId(), problems.isEmpty(), checked, bytesChecked, List.copyOf(problems));
    }

    private static String sha256(byte[] bytes) {
        try {
            return ObjectStore.sha256Of(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CountingDigest(long size, String sha256) {
        static CountingDigest of(InputStream in) throws IOException {
            long[] size = {0};
            InputStream counting = new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        size[0] += n;
                    }
                    return n;
                }
            };
            String sha = ObjectStore.sha256Of(counting);
            return new CountingDigest(size[0], sha);
        }
    }
}
