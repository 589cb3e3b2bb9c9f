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

import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.backupformat.CheckedManifest;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.efp.dr.common.crypto.DecryptingInputStream;
import org.efp.dr.common.crypto.EncryptedObjectException;
import org.efp.dr.common.crypto.ObjectCipher;

/**
 * Checks a backup without restoring it. First the manifest: its signature (when signing keys are configured), its
 * place, and that it is the one the catalog recorded; a refused manifest ends the check before any object is read.
 * Then every object it lists is re-read from S3 and matches its size and SHA-256. When encryption keys are
 * configured, objects are also decrypted (and the plaintext discarded) in the same pass, each bound to its key and
 * backup, proving that the backup can be read back; a plaintext object where an encrypted one is expected is a
 * problem (a downgrade).
 */
@ApplicationScoped
public class Verifier {

    /**
     * The verdict, with every problem found; {@code objectsDecrypted} counts encrypted objects read back;
     * {@code manifestSignature} is {@code VALID}, {@code NOT_CHECKED} (no signing keys) or the refusal reason (e.g.
     * {@code MANIFEST_SIGNATURE_INVALID}).
     */
    public record Verification(String backupId, boolean valid, int objectsChecked, long bytesChecked,
            int objectsDecrypted, String manifestSignature, List<String> problems) {
    }

    private static final int MAGIC_BYTES = 8;

    private final ObjectStore store;
    private final ClientEncryption encryption;
    private final Manifests manifests;

    public Verifier(ObjectStore store, ClientEncryption encryption, Manifests manifests) {
        this.store = store;
        this.encryption = encryption;
        this.manifests = manifests;
    }

    public Verification verify(CatalogEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.status() != BackupStatus.COMPLETED) {
            return new Verification(entry.backupId(), false, 0, 0, 0, null,
                    List.of("backup is " + entry.status() + ", not COMPLETED"));
        }
        String manifestKey = BackupKeys.manifestKey(entry.prefix());
        CheckedManifest checked;
        try {
            byte[] bytes = store.read(manifestKey);
            String sha = sha256(bytes);
            if (!sha.equals(entry.manifestSha256())) {
                problems.add("manifest checksum " + sha + " differs from the recorded " + entry.manifestSha256());
            }
            checked = manifests.check(manifestKey, bytes);
        } catch (ManifestRefusedException e) {
            problems.add(e.reason() + ": " + e.getMessage());
            return new Verification(entry.backupId(), false, 0, 0, 0, e.reason().name(), List.copyOf(problems));
        } catch (RuntimeException e) {
            return new Verification(entry.backupId(), false, 0, 0, 0, null,
                    List.of("manifest unreadable: " + e.getMessage()));
        }
        Manifest manifest = checked.manifest();
        int checkedObjects = 0;
        int decrypted = 0;
        long bytesChecked = 0;
        for (Manifest.ManifestObject object : manifest.objects()) {
            MessageDigest digest = sha256();
            long[] size = {0};
            try (InputStream stored = new DigestInputStream(counting(store.open(object.key()), size), digest)) {
                String decryptProblem = null;
                if (encryption.canDecrypt()) {
                    try {
                        DecryptingInputStream plain = encryption.decrypting(keepOpen(stored),
                                BackupKeys.binding(manifest, object), manifest.encrypted());
                        plain.transferTo(OutputStream.nullOutputStream());
                        if (plain.encrypted()) {
                            decrypted++;
                        }
                    } catch (EncryptedObjectException e) {
                        decryptProblem = object.key() + ": " + e.reason() + ": " + e.getMessage();
                    }
                } else if (!encryption.allowsPlaintext(manifest.encrypted())
                        && !ObjectCipher.isEncrypted(stored.readNBytes(MAGIC_BYTES))) {
                    decryptProblem = object.key() + ": " + EncryptedObjectException.Reason.PLAINTEXT_REFUSED
                            + ": plaintext where the manifest says encrypted";
                }
                // the rest of the stored bytes, for the checksum (all of them when nothing was decrypted)
                stored.transferTo(OutputStream.nullOutputStream());
                checkedObjects++;
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
        return new Verification(entry.backupId(), problems.isEmpty(), checkedObjects, bytesChecked, decrypted,
                checked.signatureVerified() ? "VALID" : "NOT_CHECKED", List.copyOf(problems));
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
