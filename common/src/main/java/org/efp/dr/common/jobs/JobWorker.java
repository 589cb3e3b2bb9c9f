package org.efp.dr.common.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The one worker of every durable job queue: it claims runnable jobs while it has a free slot and runs each on its
 * own thread, outside any caller's transaction; renews the heartbeat of the jobs it runs; and takes over the jobs of
 * a worker that stopped (its heartbeat is older than the queue's limit) so that exactly one replica ends or resumes
 * each. A job that ends frees its slot and the next queued job is claimed at once, not at the next poll.
 *
 * <p>What a job is, how it is claimed, run and ended belongs to its {@link Queue}; the worker owns only the loop, the
 * slots and the timers. A job still running here is never resolved as stale by this worker (taking it over renewed
 * its heartbeat; this worker ends it).
 *
 * @param <T> the queue's job type
 */
public final class JobWorker<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    /** A durable queue as the worker sees it. Every method is called with the worker's {@code owner}. */
    public interface Queue<T> {

        /** Claims the next runnable job for {@code owner}, committed before it returns; empty when there is none. */
        Optional<T> claim(String owner);

        /** The job's id (the one {@link #heartbeat} gets). */
        String id(T job);

        /** Runs a claimed job to its end; it ends the job only while {@code owner} still owns it. */
        void run(T job, String owner);

        /** Renews the lease of the jobs {@code owner} runs ({@code running}: their ids; may be empty). */
        void heartbeat(String owner, Set<String> running);

        /**
         * Takes over the running jobs whose worker stopped, as {@code owner}'s. None by default: a queue whose claim
         * already takes over expired leases (and resumes them) needs no separate takeover.
         */
        default List<T> takeStale(String owner) {
            return List.of();
        }

        /** Ends (or resumes) a job taken over from a worker that stopped. */
        default void interrupted(T job, String owner) {
        }
    }

    /**
     * How often the worker looks for work when nobody wakes it, renews heartbeats and looks for jobs of stopped
     * workers.
     */
    public record Timing(Duration poll, Duration heartbeat, Duration staleCheck) {

        public Timing {
            positive(poll, "poll");
            positive(heartbeat, "heartbeat");
            positive(staleCheck, "staleCheck");
        }

        private static void positive(Duration value, String what) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be a positive duration, got " + value);
            }
        }
    }

    private final String name;
    private final String owner;
    private final Queue<T> queue;
    private final Semaphore free;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final ExecutorService pool;
    /** Heartbeats have a thread of their own: a long takeover (cleaning up a stopped worker's job) never delays them. */
    private final ScheduledExecutorService heartbeats;
    private final ScheduledExecutorService takeovers;
    private volatile Thread loop;
    /** Set once the worker stops: nothing more is claimed. */
    private volatile boolean stopping;
    /** The last failure of the loop, logged once until the loop works again (the queue's database may be down). */
    private String loopFailure;

    /**
     * @param name names the worker's threads and log lines
     * @param owner this worker's identity in the queue (one per process)
     * @param slots how many jobs it runs at once
     */
    public JobWorker(String name, String owner, int slots, Queue<T> queue) {
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.free = new Semaphore(slots);
        this.pool = Executors.newFixedThreadPool(slots, daemon(name));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon(name + "-heartbeat"));
        this.takeovers = Executors.newSingleThreadScheduledExecutor(daemon(name + "-takeover"));
    }

    /** Starts the claim loop and the heartbeat and takeover timers. */
    public synchronized void start(Timing timing) {
        if (loop != null) {
            return;
        }
        Thread thread = daemon(name + "-loop").newThread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    poll();
                    if (loopFailure != null) {
                        LOG.infof("%s: looking for work again after: %s", name, loopFailure);
                        loopFailure = null;
                    }
                } catch (RuntimeException e) {
                    String failure = String.valueOf(e.getMessage());
                    if (!failure.equals(loopFailure)) {
                        LOG.warnf("%s: looking for work failed (said once until it works again): %s", name, failure);
                        loopFailure = failure;
                    }
                }
                try {
                    wakeups.poll(timing.poll().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.clear();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.start();
        loop = thread;
        heartbeats.scheduleWithFixedDelay(guarded("heartbeat", this::heartbeat), timing.heartbeat().toMillis(),
                timing.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        takeovers.scheduleWithFixedDelay(guarded("stale check", this::resolveStale), Math.min(1000,
                timing.staleCheck().toMillis()), timing.staleCheck().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Claims and starts jobs while a slot is free; how many it started. */
    public synchronized int poll() {
        int started = 0;
        if (stopping) {
            return 0;
        }
        while (free.tryAcquire()) {
            Optional<T> claimed;
            try {
                claimed = queue.claim(owner);
            } catch (RuntimeException e) {
                free.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                free.release();
                return started;
            }
            T job = claimed.get();
            String id = queue.id(job);
            if (!running.add(id)) {
                // Claimed again while it still runs here (its lease lapsed while the queue's database stalled): the
                // run under way goes on; a second one at once would do everything twice.
                LOG.warnf("%s: %s claimed again while it runs here; not started twice", name, id);
                free.release();
                continue;
            }
            LOG.debugf("%s: claimed %s owner=%s", name, id, owner);
            pool.submit(() -> execute(job, id));
            started++;
        }
        return started;
    }

    private void execute(T job, String id) {
        try {
            queue.run(job, owner);
        } catch (RuntimeException e) {
            // Left running in the queue: the takeover of a stopped worker's jobs ends it once its heartbeat stops.
            LOG.errorf(e, "%s: job crashed %s", name, id);
        } finally {
            running.remove(id);
            free.release();
            wake();
        }
    }

    /** Renews the heartbeat of the jobs running here. */
    public void heartbeat() {
        queue.heartbeat(owner, Set.copyOf(running));
    }

    /** Takes over the jobs of stopped workers and ends (or resumes) each; how many it resolved. */
    public int resolveStale() {
        int resolved = 0;
        for (T job : queue.takeStale(owner)) {
            String id = queue.id(job);
            if (running.contains(id)) {
                continue;
            }
            try {
                queue.interrupted(job, owner);
                resolved++;
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s: stale job not resolved %s", name, id);
            }
        }
        return resolved;
    }

    /** Looks for work now instead of at the next poll (called after a job is queued or ends). */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /** The ids of the jobs running here now. */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    /** Whether the worker is stopping (claims nothing more). */
    public boolean stopping() {
        return stopping;
    }

    public String owner() {
        return owner;
    }

    /** Stops looking for work and interrupts the running jobs; their heartbeat stops, so another worker takes them. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops as a process asked to terminate should: claims nothing more, lets the jobs running here end within
     * {@code grace} (their heartbeats go on meanwhile), then interrupts what still runs; its heartbeat stops, so
     * another worker takes it over. Returns whether every running job ended within the grace.
     */
    public boolean close(Duration grace) {
        synchronized (this) {
            stopping = true;
        }
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
        }
        takeovers.shutdownNow();
        pool.shutdown();
        boolean drained = running.isEmpty();
        if (!drained && !grace.isZero() && !grace.isNegative()) {
            Set<String> left = running();
            LOG.infof("%s: stopping; waiting up to %ss for %s to end", name, grace.toSeconds(), left);
            try {
                drained = pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!drained) {
                LOG.warnf("%s: %s still running after %ss: interrupted, another worker takes over", name,
                        running(), grace.toSeconds());
            }
        }
        heartbeats.shutdownNow();
        pool.shutdownNow();
        return drained;
    }

    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                // Anything thrown out of a periodic task would cancel it for good, heartbeats included.
                LOG.warnf("%s: %s failed: %s", name, what, e.toString());
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
