package org.efp.dr.backup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.config.BackupSettings;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backup bucket. Streams of unknown length go up as multipart uploads, part by part, hashed on the way, so a
 * backup never needs a local copy; a failed upload is aborted and leaves no object behind.
 */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private static final int IN_FLIGHT = 2;

    private final S3Client s3;
    private final ExecutorService uploads = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "s3-part-upload");
        t.setDaemon(true);
        return t;
    });
    private final String bucket;
    private final int partSize;
    private final ServerSideEncryptionSettings sse;
    private volatile boolean bucketReady;

    public ObjectStore(S3Client s3, BackupSettings settings) {
        this.s3 = s3;
        this.bucket = settings.s3().bucket();
        this.partSize = settings.backup().partSize();
        this.sse = ServerSideEncryptionSettings.of(settings.backup().s3Sse(), settings.backup().s3SseKmsKeyId());
        if (sse.enabled()) {
            LOG.infof("S3 server-side encryption on sse=%s", sse);
        }
    }

    public String bucket() {
        return bucket;
    }

    /** The s3:// URI of a key. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Creates the bucket if it does not exist yet. */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.infof("bucket created bucket=%s", bucket);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
        bucketReady = true;
    }

    /** Opens a streaming upload to {@code key}; close it to complete, abort it to leave nothing. */
    public UploadStream openUpload(String key, ProgressListener progress) {
        ensureBucket();
        return new UploadStream(s3, bucket, key, partSize, IN_FLIGHT, uploads, progress, sse);
    }

    @PreDestroy
    void stop() {
        uploads.shutdownNow();
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warnf("could not abort multipart upload key=%s: %s", key, e.getMessage());
        }
    }

    /** Writes a small JSON object (a manifest) in one request. */
    public StoredObject put(String key, byte[] bytes) {
        return put(key, bytes, "application/json");
    }

    /** Writes a small object in one request. */
    public StoredObject put(String key, byte[] bytes, String contentType) {
        ensureBucket();
        s3.putObject(b -> sse.apply(b.bucket(bucket).key(key).contentType(contentType)), RequestBody.fromBytes(bytes));
        MessageDigest digest = sha256();
        digest.update(bytes);
        return new StoredObject(key, bytes.length, hex(digest));
    }

    /** Opens an object for reading (a single, non-ranged GET). */
    public ResponseInputStream<GetObjectResponse> open(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key));
    }

    public byte[] read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The object's bytes, or empty when there is no such object. */
    public Optional<byte[]> readIfExists(String key) {
        try {
            return Optional.of(read(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Every key under {@code prefix}. */
    public List<String> list(String prefix) {
        ensureBucket();
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).forEach(keys::add);
        return keys;
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Deletes every object under {@code prefix}; returns how many. */
    public int deletePrefix(String prefix) {
        List<String> keys = list(prefix);
        keys.forEach(k -> s3.deleteObject(b -> b.bucket(bucket).key(k)));
        return keys.size();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of a stream, read to its end. */
    public static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return hex(digest);
    }
}
