package org.efp.dr.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.efp.dr.common.postgres.Jdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job worker on a real PostgreSQL queue: two replicas share it, a long job keeps its lease while it runs, and
 * the job of a replica that stopped is ended by exactly one other.
 */
class JobWorkerIT {

    private static final Duration STALE_AFTER = Duration.ofSeconds(4);
    private static final JobWorker.Timing FAST = new JobWorker.Timing(Duration.ofMillis(50),
            Duration.ofMillis(300), Duration.ofMillis(300));

    private static QueueDatabase database;
    private static Jdbc jdbc;

    record Job(String jobId, String status, String owner, String result) {
    }

    @BeforeAll
    static void startDatabase() throws IOException {
        database = QueueDatabase.start("job-worker");
        jdbc = database.jdbc();
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyQueue() {
        database.execute("TRUNCATE job");
    }

    @Test
    void twoReplicasRunEveryQueuedJobExactlyOnce() {
        // Given
        database.enqueue("job-", 30);
        Queue queue = new Queue();

        // When
        try (JobWorker<Job> first = new JobWorker<>("first", "replica-1", 2, queue);
                JobWorker<Job> second = new JobWorker<>("second", "replica-2", 2, queue)) {
            first.start(FAST);
            second.start(FAST);
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SUCCEEDED") == 30);
        }

        // Then
        assertThat(queue.runs).hasSize(30).allSatisfy((id, runs) -> assertThat(runs.get()).as(id).isEqualTo(1));
        assertThat(database.queryLong("SELECT count(*) FROM job WHERE status = 'SUCCEEDED' "
                + "AND result = owner AND owner IN ('replica-1', 'replica-2')")).isEqualTo(30);
    }

    @Test
    void aJobRunningLongerThanTheStaleLimitKeepsItsLeaseWhileItsWorkerBeats() {
        // Given: a job that runs until released, twice as long as the stale limit
        database.enqueue("slow-", 1);
        Queue queue = new Queue();

        try (JobWorker<Job> runner = new JobWorker<>("runner", "replica-1", 1, queue);
                JobWorker<Job> watcher = new JobWorker<>("watcher", "replica-2", 1, queue)) {
            runner.start(FAST);
            await().atMost(Duration.ofSeconds(10)).until(() -> runner.running().contains("slow-0"));
            // (its heartbeat was renewed well past the stale limit after it started)
            await().atMost(Duration.ofSeconds(30)).until(() -> database.queryLong("SELECT count(*) FROM job "
                    + "WHERE heartbeat_at > started_at + make_interval(secs => " + STALE_AFTER.toSeconds() * 2
                    + ")") == 1);

            // When: another replica looks for the jobs of stopped workers
            int resolved = watcher.resolveStale();

            // Then
            assertThat(resolved).isZero();
            assertThat(job("slow-0").owner()).isEqualTo("replica-1");
            queue.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("slow-0").status()));
        }
        assertThat(job("slow-0").result()).isEqualTo("replica-1");
    }

    @Test
    void theJobOfAStoppedReplicaIsEndedByExactlyOneOther() {
        // Given: a replica that stops (its process dies) in the middle of a job
        database.enqueue("slow-", 1);
        Queue queue = new Queue();
        JobWorker<Job> dying = new JobWorker<>("dying", "replica-1", 1, queue);
        dying.start(FAST);
        await().atMost(Duration.ofSeconds(10)).until(() -> dying.running().contains("slow-0"));
        dying.close();

        // When: two other replicas check for stale jobs
        try (JobWorker<Job> second = new JobWorker<>("second", "replica-2", 1, queue);
                JobWorker<Job> third = new JobWorker<>("third", "replica-3", 1, queue)) {
            second.start(FAST);
            third.start(FAST);
            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(job("slow-0").status()));
        }

        // Then
        Job ended = job("slow-0");
        assertThat(ended.owner()).isIn("replica-2", "replica-3");
        assertThat(ended.result()).isEqualTo("interrupted: its worker stopped");
        assertThat(queue.interrupted.get()).isEqualTo(1);
        assertThat(queue.runs.get("slow-0").get()).isEqualTo(1);
    }

    @Test
    void aStoppingWorkerLetsItsRunningJobEndWithinTheGraceAndClaimsNothingMore() throws Exception {
        // Given: a job running and another queued behind it
        database.enqueue("slow-", 1);
        Queue queue = new Queue();
        JobWorker<Job> stopping = new JobWorker<>("stopping", "replica-1", 1, queue);
        stopping.start(FAST);
        await().atMost(Duration.ofSeconds(10)).until(() -> stopping.running().contains("slow-0"));
        database.enqueue("next-", 1);

        // When: the process is asked to stop, and the running job ends a moment later
        java.util.concurrent.CompletableFuture<Boolean> closed = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> stopping.close(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(stopping::stopping);
        assertThat(closed).as("waits for the running job").isNotDone();
        queue.release.countDown();

        // Then
        assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("ended within the grace").isTrue();
        assertThat(job("slow-0").status()).isEqualTo("SUCCEEDED");
        assertThat(job("slow-0").result()).isEqualTo("replica-1");
        assertThat(job("next-0").owner()).as("not claimed by a stopping worker").isNull();
        assertThat(queue.runs).doesNotContainKey("next-0");
    }

    @Test
    void aJobStillRunningWhenTheGraceEndsIsInterruptedAndLeftToAnotherWorker() {
        // Given
        database.enqueue("slow-", 1);
        Queue queue = new Queue();
        JobWorker<Job> stopping = new JobWorker<>("stopping", "replica-1", 1, queue);
        stopping.start(FAST);
        await().atMost(Duration.ofSeconds(10)).until(() -> stopping.running().contains("slow-0"));

        // When
        boolean drained = stopping.close(Duration.ofMillis(500));

        // Then: interrupted, not ended; the takeover of stopped workers ends it
        assertThat(drained).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.interruptedRuns.get() == 1);
        assertThat(job("slow-0").status()).isEqualTo("RUNNING");
        assertThat(job("slow-0").owner()).isEqualTo("replica-1");
    }

    private static long count(String status) {
        return database.queryLong("SELECT count(*) FROM job WHERE status = '" + status + "'");
    }

    private static Job job(String jobId) {
        return jdbc.one("job read", "SELECT job_id, status, owner, result FROM job WHERE job_id = ?",
                JobWorkerIT::read, jobId).orElseThrow();
    }

    private static Job read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Job(rs.getString("job_id"), rs.getString("status"), rs.getString("owner"),
                rs.getString("result"));
    }

    /**
     * A queue on the real table, as a service writes one: quick jobs end with their owner as result; a {@code slow-}
     * job runs until released, and one interrupted before that (its process died) ends nothing.
     */
    private static final class Queue implements JobWorker.Queue<Job> {

        private final JobLeases<Job> leases = new JobLeases<>(jdbc, QueueDatabase.TABLE,
                "job_id, status, owner, result", JobWorkerIT::read);
        private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        private final AtomicInteger interrupted = new AtomicInteger();
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger interruptedRuns = new AtomicInteger();

        @Override
        public Optional<Job> claim(String owner) {
            return leases.claim(owner, "");
        }

        @Override
        public String id(Job job) {
            return job.jobId();
        }

        @Override
        public void run(Job job, String owner) {
            runs.computeIfAbsent(job.jobId(), id -> new AtomicInteger()).incrementAndGet();
            if (job.jobId().startsWith("slow-")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interruptedRuns.incrementAndGet();
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            leases.finish(job.jobId(), owner, "status = 'SUCCEEDED', result = ?", owner);
        }

        @Override
        public void heartbeat(String owner, Set<String> running) {
            leases.heartbeat(owner, running);
        }

        @Override
        public List<Job> takeStale(String owner) {
            return leases.takeStale(owner, STALE_AFTER);
        }

        @Override
        public void interrupted(Job job, String owner) {
            interrupted.incrementAndGet();
            leases.finish(job.jobId(), owner, "status = 'FAILED', result = ?", "interrupted: its worker stopped");
        }
    }
}
