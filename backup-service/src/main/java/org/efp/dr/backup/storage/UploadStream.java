package org.efp.dr.backup.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 object written as a stream of unknown length: bytes are hashed as they come, cut into parts that upload
 * while the next part fills (at most {@code inFlight} parts in memory), and completed on {@link #close()}.
 * A stream shorter than one part becomes a single PUT. {@link #abort()} leaves nothing behind.
 */
public final class UploadStream extends OutputStream {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final int inFlight;
    private final ExecutorService uploads;
    private final ProgressListener progress;
    private final ServerSideEncryptionSettings sse;
    private final MessageDigest digest = ObjectStore.sha256();
    private final Deque<Future<CompletedPart>> pending = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long size;
    private String uploadId;
    private StoredObject result;
    private boolean closed;

    UploadStream(S3Client s3, String bucket, String key, int partSize, int inFlight, ExecutorService uploads,
            ProgressListener progress, ServerSideEncryptionSettings sse) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
        this.inFlight = inFlight;
        this.uploads = uploads;
        this.progress = progress;
        this.sse = sse;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        digest.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, partSize - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == partSize) {
                sendPart();
            }
        }
    }

    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> sse.apply(r.bucket(bucket).key(key))).uploadId();
        }
        while (pending.size() >= inFlight) {
            parts.add(await(pending.removeFirst()));
        }
        byte[] body = buffer;
        int length = filled;
        int number = parts.size() + pending.size() + 1;
        pending.addLast(uploads.submit(() -> {
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(length == body.length ? body : java.util.Arrays.copyOf(body, length)))
                    .eTag();
            progress.uploaded(length);
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }));
        buffer = new byte[partSize];
        filled = 0;
    }

    /** Uploads what is left and completes the object. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (uploadId == null) {
            byte[] body = java.util.Arrays.copyOf(buffer, filled);
            s3.putObject(r -> sse.apply(r.bucket(bucket).key(key)), RequestBody.fromBytes(body));
            progress.uploaded(body.length);
        } else {
            if (filled > 0) {
                sendPart();
            }
            while (!pending.isEmpty()) {
                parts.add(await(pending.removeFirst()));
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        }
        buffer = null;
        result = new StoredObject(key, size, ObjectStore.hex(digest));
    }

    /** Gives up: pending parts are cancelled and the multipart upload is aborted. */
    public void abort() {
        closed = true;
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        buffer = null;
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                // the store is unreachable; the unfinished upload has no manifest and is never used
            }
        }
    }

    /** The object written, once closed. */
    public StoredObject result() {
        if (result == null) {
            throw new IllegalStateException("upload of " + key + " is not complete");
        }
        return result;
    }

    private static CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading", e);
        }
    }
}
