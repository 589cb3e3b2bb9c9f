package org.efp.dr.backup.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

import com.github.luben.zstd.ZstdOutputStream;
import org.efp.dr.common.postgres.PgTools;

/**
 * Streams raw bytes through zstd (then, when keys are configured, client-side encryption) into one S3 object, on
 * the caller's thread: read, compress, encrypt, hash and cut into parts that upload in the background. No pipe,
 * no local copy: the pipeline every backup job shares.
 */
public record Compressor(ObjectStore store, ClientEncryption encryption, ExecutorService executor, int level,
        int workers) {

    /** Writes the raw bytes of a backup. */
    @FunctionalInterface
    public interface RawWriter {
        void writeTo(OutputStream raw) throws Exception;
    }

    /**
     * What went up: the stored (compressed, maybe encrypted) object, how many raw bytes it holds, and the id of
     * the key it is encrypted with (null: not encrypted).
     */
    public record Uploaded(StoredObject object, long rawBytes, String encryptionKeyId) {
    }

    /** Compresses what {@code writer} writes into {@code key}. */
    public Uploaded upload(String key, RawWriter writer, ProgressListener progress) throws Exception {
        UploadStream upload = store.openUpload(key, progress);
        try {
            CountingOutputStream counting;
            String keyId = encryption.activeKeyId().orElse(null);
            OutputStream sealed = encryption.encrypting(key, new KeepOpen(upload));
            // Closing zstd ends its frame; only a writer that finished completes the upload.
            try (ZstdOutputStream zstd = new ZstdOutputStream(new KeepOpen(sealed), level)) {
                if (workers > 0) {
                    zstd.setWorkers(workers);
                }
                counting = new CountingOutputStream(zstd, progress);
                writer.writeTo(counting);
            }
            // Sealing the final chunk after the last compressed byte; the upload underneath stays open.
            sealed.close();
            upload.close();
            return new Uploaded(upload.result(), counting.count, keyId);
        } catch (Exception e) {
            upload.abort();
            throw e;
        }
    }

    /** Compresses a client program's standard output into {@code key}; the program must end successfully. */
    public Uploaded uploadOutput(PgTools.Run run, String key, ProgressListener progress) throws Exception {
        Uploaded uploaded;
        try {
            uploaded = upload(key, out -> copy(run.stdout(), out), progress);
        } catch (Exception e) {
            run.kill();
            throw e;
        }
        run.awaitSuccess();
        return uploaded;
    }

    /** The compression, as tool versions record it. */
    public String describe() {
        return "zstd level " + level;
    }

    /** The role of a stored object in the manifest: what it is, and how it is compressed and encrypted. */
    public static String role(String what, Uploaded uploaded) {
        return what + ", zstd" + (uploaded.encryptionKeyId() == null ? "" : ", encrypted");
    }

    /** Copies {@code in} to {@code out} with a large buffer. */
    public static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 18];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
    }

    /**
     * Counts what passes and tells the listener; a writer closing it (a tar stream does) does not end the
     * compressed frame.
     */
    private static final class CountingOutputStream extends FilterOutputStream {
        private final ProgressListener progress;
        private long count;

        CountingOutputStream(OutputStream out, ProgressListener progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
            progress.read(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            progress.read(len);
        }
    }

    /** Hands bytes on but never closes the upload: completing it is the pipeline's decision. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
