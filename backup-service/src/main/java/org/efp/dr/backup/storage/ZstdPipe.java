package org.efp.dr.backup.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.github.luben.zstd.ZstdOutputStream;

/**
 * Runs a producer of raw bytes on a worker thread and offers its zstd-compressed output as an InputStream, so a
 * dump can flow producer → zstd → S3 upload without touching local disk.
 */
public final class ZstdPipe implements AutoCloseable {

    /** Writes the raw bytes; the stream is closed by the pipe. */
    @FunctionalInterface
    public interface RawWriter {
        void writeTo(OutputStream raw) throws Exception;
    }

    private final PipedInputStream compressed;
    private final AtomicLong rawBytes = new AtomicLong();
    private final Future<?> pump;

    private ZstdPipe(RawWriter writer, int level, int workers, ExecutorService executor) throws IOException {
        this.compressed = new PipedInputStream(1 << 20);
        PipedOutputStream sink = new PipedOutputStream(compressed);
        this.pump = executor.submit(() -> {
            try (ZstdOutputStream zstd = new ZstdOutputStream(sink, level);
                    OutputStream counting = new CountingOutputStream(zstd, rawBytes)) {
                if (workers > 0) {
                    zstd.setWorkers(workers);
                }
                writer.writeTo(counting);
            }
            return null;
        });
    }

    public static ZstdPipe start(RawWriter writer, int level, int workers, ExecutorService executor)
            throws IOException {
        return new ZstdPipe(writer, level, workers, executor);
    }

    /** The compressed bytes, to be read to the end by the uploader. */
    public InputStream compressed() {
        return compressed;
    }

    /** Raw (uncompressed) bytes written so far. */
    public long rawBytes() {
        return rawBytes.get();
    }

    /** Waits for the producer and rethrows its failure, if any. */
    public void await() throws IOException {
        try {
            pump.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        pump.cancel(true);
        try {
            compressed.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private final AtomicLong count;

        CountingOutputStream(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }
    }

    /** Copies {@code in} to {@code out} with a large buffer. */
    public static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 17];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
    }
}
