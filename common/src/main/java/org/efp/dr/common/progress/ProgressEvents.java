package org.efp.dr.common.progress;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

/**
 * Server-Sent Events of a job's progress: a {@code progress} event every interval while it runs, then one
 * {@code end} event (its final progress, {@code finished} true) and the stream completes. Each event's data is a
 * {@link JobProgress} as JSON. The stream ends early when the client goes away.
 */
@ApplicationScoped
public class ProgressEvents {

    public static final String PROGRESS = "progress";
    public static final String END = "end";
    private static final Logger LOG = Logger.getLogger(ProgressEvents.class);
    /** How long after the end event the stream is closed even if the event's write never reports done. */
    private static final Duration END_GRACE = Duration.ofSeconds(2);

    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "progress-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * Streams {@code current} (null: nothing to tell yet, asked again next time) to {@code sink} every {@code every}
     * until it is finished.
     */
    public void follow(SseEventSink sink, Sse sse, Supplier<JobProgress> current, Duration every) {
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable tick = () -> {
            if (sink.isClosed()) {
                cancel(task);
                return;
            }
            JobProgress progress;
            try {
                progress = current.get();
            } catch (RuntimeException e) {
                // A passing failure (the state database) costs one event, not the stream.
                LOG.debugf("progress not read: %s", e.getMessage());
                return;
            }
            if (progress == null) {
                return;
            }
            var sent = sink.send(sse.newEventBuilder().name(progress.finished() ? END : PROGRESS)
                    .data(ProgressCodec.encode(progress)).build());
            if (progress.finished()) {
                cancel(task);
                // Closed once the end event went out: closing at once may drop it. The write's completion has been
                // seen not to come at all now and then, leaving a client waiting on an open stream: closed anyway
                // a moment later.
                sent.whenComplete((done, failure) -> sink.close());
                ticks.schedule(() -> {
                    if (!sink.isClosed()) {
                        sink.close();
                    }
                }, END_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
        task.set(ticks.scheduleWithFixedDelay(tick, 0, Math.max(50, every.toMillis()), TimeUnit.MILLISECONDS));
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> f = task.get();
        if (f != null) {
            f.cancel(false);
        }
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
    }
}
