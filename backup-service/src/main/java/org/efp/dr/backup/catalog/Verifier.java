package org.efp.dr.backup.catalog;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.manifest.ManifestCodec;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.crypto.DecryptingInputStream;
import org.efp.dr.common.crypto.EncryptedObjectException;

/**
 * Checks a backup without restoring it: the manifest is the one the catalog recorded, and every object it lists
 * is re-read from S3 and matches its size and SHA-256. When encryption keys are configured, encrypted objects are
 * also decrypted (and the plaintext discarded) in the same pass, proving that the backup can be read back.
 */
@ApplicationScoped
public class Verifier {

    /** The verdict, with every problem found; {@code objectsDecrypted} counts encrypted objects read back. */
    public record Verification(String backupId, boolean valid, int objectsChecked, long bytesChecked,
            int objectsDecrypted, List<String> problems) {
    }

    private final ObjectStore store;
    private final ClientEncryption encryption;

    public Verifier(ObjectStore store, ClientEncryption encryption) {
        this.store = store;
        this.encryption = encryption;
    }

    public Verification verify(CatalogEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.status() != BackupStatus.COMPLETED) {
            return new Verification(entry.backupId(), false, 0, 0, 0,
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
            return new Verification(entry.backupId(), false, 0, 0, 0,
                    List.of("manifest unreadable: " + e.getMessage()));
        }
        int checked = 0;
        int decrypted = 0;
        long bytesChecked = 0;
        for (Manifest.ManifestObject object : manifest.objects()) {
            MessageDigest digest = sha256();
            long[] size = {0};
            try (InputStream stored = new DigestInputStream(counting(store.open(object.key()), size), digest)) {
                String decryptProblem = null;
                if (encryption.canDecrypt()) {
                    try {
                        DecryptingInputStream plain = encryption.decrypting(keepOpen(stored));
                        plain.transferTo(OutputStream.nullOutputStream());
                        if (plain.encrypted()) {
                            decrypted++;
                        }
                    } catch (EncryptedObjectException e) {
                        decryptProblem = object.key() + ": cannot be decrypted: " + e.getMessage();
                    }
                }
                // the rest of the stored bytes, for the checksum (all of them when nothing was decrypted)
                stored.transferTo(OutputStream.nullOutputStream());
                checked++;
                bytesChecked += size[0];
                if (size[0] != object.sizeBytes()) {
                    problems.add(object.key() + ": size " + size[0] + " differs from the manifest's "
                            + object.sizeBytes());
                }
                String sha = HexFormat.of().formatHex(digest.digest());
                if (!sha.equals(object.sha256())) {
                    problems.add(object.key() + ": SHA-256 " + sha + " differs from the manifest's "
                            + object.sha256());
                }
                if (decryptProblem != null) {
                    problems.add(decryptProblem);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(object.key() + ": unreadable: " + e.getMessage());
            }
        }
        return new Verification(entry.backupId(), problems.isEmpty(), checked, bytesChecked, decrypted,
                List.copyOf(problems));
    }

    private static InputStream counting(InputStream in, long[] size) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    size[0]++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    size[0] += n;
                }
                return n;
            }
        };
    }

    private static InputStream keepOpen(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return ObjectStore.sha256Of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
