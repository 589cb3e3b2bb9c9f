package org.efp.dr.restore.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.backupformat.CheckedManifest;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.efp.dr.common.backupformat.ManifestSigner;
import org.efp.dr.common.crypto.EncryptedObjectException;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectBinding;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads backups from the bucket: complete backups (those with a manifest that verifies) under a prefix, newest
 * first, and objects streamed through a SHA-256 check, so a caller learns of corruption before it uses what it read,
 * and decrypted when backup-service encrypted them. A manifest is verified (signature when signing keys are
 * configured, and its place) before anything else of its backup is read; a refused one is left out, with its reason
 * logged, so a restore falls back to the next older good backup. An object must be bound to its key and backup, and
 * plaintext is refused where encryption is expected.
 */
@ApplicationScoped
public class BackupStore {

    private static final Logger LOG = Logger.getLogger(BackupStore.class);

    private final S3Client s3;
    private final ObjectCipher cipher;
    private final ManifestSigner signer;
    private final String bucket;

    public BackupStore(S3Client s3, ObjectCipher cipher, ManifestSigner signer, RestoreSettings settings) {
        this.cipher = cipher;
        this.s3 = s3;
        this.signer = signer;
        this.bucket = settings.s3().bucket();
    }

    /** Complete backups under {@code prefix} (ending in "/"), newest first. */
    public List<Manifest> complete(String prefix) {
        List<Manifest> manifests = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix).delimiter("/").continuationToken(token).build());
            for (CommonPrefix backup : page.commonPrefixes()) {
                manifest(backup.prefix()).ifPresent(manifests::add);
            }
            token = page.nextContinuationToken();
        } while (token != null);
        manifests.sort(Comparator.comparing(Manifest::completedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Manifest::backupId).reversed());
        return manifests;
    }

    /** The manifest under {@code backupPrefix}; empty when the backup is incomplete, refused or unreadable. */
    public Optional<Manifest> manifest(String backupPrefix) {
        try {
            return check(backupPrefix).map(CheckedManifest::manifest);
        } catch (ManifestRefusedException e) {
            LOG.warnf("backup refused prefix=%s reason=%s: %s", backupPrefix, e.reason(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("unreadable manifest skipped prefix=%s: %s", backupPrefix, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The manifest under {@code backupPrefix}, verified before it is parsed; empty when there is none (an
     * incomplete backup).
     *
     * @throws ManifestRefusedException when it is unsigned or badly signed (signing keys configured), misplaced or
     *                                  not a manifest
     */
    public Optional<CheckedManifest> check(String backupPrefix) {
        String key = BackupKeys.manifestKey(backupPrefix);
        byte[] manifest;
        try {
            manifest = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = s3.getObjectAsBytes(b -> b.bucket(bucket).key(BackupKeys.signatureKey(backupPrefix)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            signature = null;
        }
        return Optional.of(signer.check(key, manifest, signature));
    }

    /** Object keys under {@code prefix}, with sizes and modification times. */
    public List<S3Object> list(String prefix) {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
        return objects;
    }

    /**
     * Streams a whole object that belongs to no verified manifest (an archived WAL segment) to {@code sink}; returns
     * the SHA-256 hex of the bytes read. It must be bound to its key; plaintext only when no keys are configured.
     */
    public String read(String key, StreamSink sink) {
        return read(key, BackupKeys.bindingOf(key), false, sink, null, bytes -> { });
    }

    /**
     * Streams {@code object} of {@code manifest} to {@code sink} and fails when its checksum differs from the
     * manifest's, when it is bound to another key or backup, or when it is plaintext where encryption is expected.
     */
    public void readVerified(Manifest manifest, Manifest.ManifestObject object, StreamSink sink) {
        readVerified(manifest, object, sink, bytes -> { });
    }

    /** {@link #readVerified(Manifest, Manifest.ManifestObject, StreamSink)}, telling {@code progress} the bytes read. */
    public void readVerified(Manifest manifest, Manifest.ManifestObject object, StreamSink sink,
            LongConsumer progress) {
        read(object.key(), BackupKeys.binding(manifest, object), manifest.encrypted(), sink, object.sha256(),
                progress);
    }

    /**
     * When the sink fails on bytes that do not match {@code expectedSha256} (a corrupt object often is not valid
     * zstd), the failure is reported as the checksum mismatch it really is.
     */
    private String read(String key, ObjectBinding binding, boolean expectedEncrypted, StreamSink sink,
            String expectedSha256, LongConsumer progress) {
        MessageDigest sha = sha256();
        IOException sinkFailure = null;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key));
                DigestInputStream digest = new DigestInputStream(new Counting(in, progress), sha)) {
            try {
                // The sink may close what it is given; the rest of the object must still be hashed. Encrypted
                // objects reach it decrypted, each chunk only once its tag checked; plaintext ones as they are,
                // and only where no encryption is expected.
                sink.consume(cipher.decrypting(new FilterInputStream(digest) {
                    @Override
                    public void close() {
                    }
                }, binding, expectedEncrypted));
            } catch (IOException | RuntimeException e) {
                EncryptedObjectException encrypted = encryptionFailure(e);
                if (encrypted != null && expectedSha256 == null) {
                    throw refused(key, encrypted);
                }
                if (expectedSha256 == null) {
                    throw e;
                }
                sinkFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            digest.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256)) {
            throw new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH, "object " + key
                    + " has sha256 " + actual + " but its manifest says " + expectedSha256);
        }
        if (sinkFailure != null && encryptionFailure(sinkFailure) != null) {
            throw refused(key, encryptionFailure(sinkFailure));
        }
        if (sinkFailure != null) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key + ": "
                    + sinkFailure.getMessage(), sinkFailure);
        }
        return actual;
    }

    private static EncryptedObjectException encryptionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedObjectException found) {
                return found;
            }
        }
        return null;
    }

    /**
     * A tampered encrypted object is refused like a checksum mismatch; a downgrade or replay says so; a missing key
     * says which one.
     */
    private static RestoreException refused(String key, EncryptedObjectException e) {
        switch (e.reason()) {
            case TAMPERED_OR_CORRUPT:
                return new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH, "object " + key
                        + " fails authentication (tampered or corrupt): " + e.getMessage(), e);
            case PLAINTEXT_REFUSED:
                return new RestoreException(RestoreException.Reason.PLAINTEXT_REFUSED, e.getMessage(), e);
            case MISBOUND:
            case UNBOUND_FORMAT:
                return new RestoreException(RestoreException.Reason.OBJECT_MISBOUND, e.getMessage(), e);
            default:
                break;
        }
        return new RestoreException(RestoreException.Reason.KEY_UNAVAILABLE, "object " + key + " cannot be "
                + "decrypted: " + e.getMessage() + " (restore-service reads keys from "
                + EncryptionKeys.KEYS_VARIABLE + ")", e);
    }

    /** Downloads a whole object to {@code file} (decrypted when it was stored encrypted). */
    public String download(String key, Path file) {
        return read(key, in -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            }
        });
    }

    /** Tells how many bytes of the object were read. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                progress.accept(n);
            }
            return n;
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is done with an object's bytes while they are checked. */
    @FunctionalInterface
    public interface StreamSink {
        void consume(InputStream in) throws IOException;
    }
}
