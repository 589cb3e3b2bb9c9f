package org.efp.dr.common.progress;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The trackers of the jobs running in this process, by job id. */
public final class ProgressTrackers<T extends ProgressTracker> {

    private final Map<String, T> running = new ConcurrentHashMap<>();

    /** The job {@code id} starts here, followed by {@code tracker}. */
    public T start(String id, T tracker) {
        running.put(id, tracker);
        return tracker;
    }

    /** The job {@code id} no longer runs here. */
    public void finish(String id) {
        running.remove(id);
    }

    /** The tracker of {@code id} if it runs here. */
    public Optional<T> tracker(String id) {
        return Optional.ofNullable(running.get(id));
    }

    /** The progress of {@code id} if it runs here. */
    public Optional<JobProgress> of(String id) {
        T t = running.get(id);
        return t == null ? Optional.empty() : Optional.of(t.now());
    }

    /** The trackers of the jobs running here now. */
    public Map<String, T> all() {
        return Map.copyOf(running);
    }
}
