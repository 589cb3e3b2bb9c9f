package org.efp.dr.metrics.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * Ticks the periodic dashboard snapshot. Kept apart from {@link SnapshotPublisher}: a scheduled method in the bean
 * that holds an Emitter can run before the emitter's channel is connected (SRMSG00019 at start).
 */
@ApplicationScoped
public class SnapshotSchedule {

    private final SnapshotPublisher publisher;

    public SnapshotSchedule(SnapshotPublisher publisher) {
        this.publisher = publisher;
    }

    @Scheduled(every = "${dr.metrics.snapshot-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        publisher.publish();
    }
}
