package org.efp.dr.backup.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/** Bytes uploaded so far by the backups running in this process, and their rate. */
@ApplicationScoped
public class Progress {

    /** A running backup's progress. */
    public record Snapshot(long bytesDone, double bytesPerSecond, Instant startedAt) {
    }

    private record Running(AtomicLong bytes, Instant startedAt) {
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public AtomicLong start(String backupId, Instant now) {
        Running r = new Running(new AtomicLong(), now);
        running.put(backupId, r);
        return r.bytes();
    }

    public void finish(String backupId) {
        running.remove(backupId);
    }

    public Optional<Snapshot> of(String backupId, Instant now) {
        Running r = running.get(backupId);
        if (r == null) {
            return Optional.empty();
        }
        double seconds = Math.max(0.001, Duration.between(r.startedAt(), now).toMillis() / 1000.0);
        return Optional.of(new Snapshot(r.bytes().get(), r.bytes().get() / seconds, r.startedAt()));
    }

    public Map<String, Long> bytesByBackup() {
        Map<String, Long> copy = new ConcurrentHashMap<>();
        running.forEach((id, r) -> copy.put(id, r.bytes().get()));
        return copy;
    }
}
