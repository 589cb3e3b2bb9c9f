package org.efp.dr.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.efp.dr.common.postgres.Jdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease engine on a real PostgreSQL, with two workers racing for the same rows. */
class JobLeasesIT {


    private static QueueDatabase database;
    private static Jdbc jdbc;
    private static JobLeases<Row> leases;

    record Row(String jobId, String status, String owner, String result) {
    }

    @BeforeAll
    static void startDatabase() throws IOException {
        database = QueueDatabase.start("job-leases");
        jdbc = database.jdbc();
        leases = new JobLeases<>(jdbc, QueueDatabase.TABLE, "job_id, status, owner, result",
                rs -> new Row(rs.getString("job_id"), rs.getString("status"), rs.getString("owner"),
                        rs.getString("result")));
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
    void twoOwnersClaimingTogetherNeverTakeTheSameJob() throws Exception {
        // Given
        database.enqueue("job-", 40);

        // When
        List<List<String>> taken = race(owner -> {
            List<String> mine = new ArrayList<>();
            for (Optional<Row> next = leases.claim(owner, "attempts = attempts + ?", 1); next.isPresent();
                    next = leases.claim(owner, "attempts = attempts + ?", 1)) {
                mine.add(next.get().jobId());
            }
            return mine;
        });

        // Then
        // (one owner may take them all: what matters is that no job is taken twice)
        assertThat(Collections.disjoint(taken.get(0), taken.get(1))).as(taken.toString()).isTrue();
        assertThat(taken.get(0).size() + taken.get(1).size()).isEqualTo(40);
        assertThat(database.queryLong("SELECT count(*) FROM job WHERE status = 'RUNNING' AND attempts = 1 "
                + "AND started_at IS NOT NULL AND owner IN ('owner-0', 'owner-1')")).isEqualTo(40);
    }

    @Test
    void aStaleJobIsTakenOverByExactlyOneOfTwoOwners() throws Exception {
        // Given: jobs whose worker stopped beating an hour ago, and one still alive
        for (int i = 0; i < 20; i++) {
            database.execute("INSERT INTO job (job_id, status, owner, heartbeat_at, started_at, queued_at) "
                    + "VALUES ('stale-" + i + "', 'RUNNING', 'dead', now() - interval '1 hour', "
                    + "now() - interval '1 hour', now() - interval '1 hour')");
        }
        database.execute("INSERT INTO job (job_id, status, owner, heartbeat_at, started_at, queued_at) "
                + "VALUES ('alive', 'RUNNING', 'living', now(), now(), now())");

        // When
        List<List<String>> taken = race(owner -> leases.takeStale(owner, Duration.ofMinutes(1)).stream()
                .map(Row::jobId).toList());

        // Then
        assertThat(Collections.disjoint(taken.get(0), taken.get(1))).as(taken.toString()).isTrue();
        List<String> all = new ArrayList<>(taken.get(0));
        all.addAll(taken.get(1));
        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "stale-" + i)
                .toList());
        assertThat(database.queryLong("SELECT count(*) FROM job WHERE owner = 'dead' "
                + "OR heartbeat_at < now() - interval '1 minute'")).isZero();
        assertThat(leases.takeStale("owner-2", Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void anOwnerThatLostItsLeaseCannotEndTheJob() {
        // Given: a job its first owner stopped beating for, taken over by another
        database.execute("INSERT INTO job (job_id, status, queued_at) VALUES ('lost', 'QUEUED', now())");
        leases.claim("first", "");
        database.execute("UPDATE job SET heartbeat_at = now() - interval '1 hour'");
        leases.takeStale("second", Duration.ofMinutes(1));

        // When
        boolean ended = leases.finish("lost", "first", "status = 'SUCCEEDED', result = ?", "from the first");
        boolean renewed = leases.renew("lost", "first", "result = ?", "renewed by the first");
        int beaten = leases.heartbeat("first", List.of("lost"));

        // Then
        assertThat(ended).isFalse();
        assertThat(renewed).isFalse();
        assertThat(beaten).isZero();
        assertThat(row("lost")).isEqualTo(new Row("lost", "RUNNING", "second", null));
        assertThat(leases.finish("lost", "second", "status = 'FAILED', result = ?", "interrupted")).isTrue();
        assertThat(row("lost")).isEqualTo(new Row("lost", "FAILED", "second", "interrupted"));
    }

    private static Row row(String jobId) {
        return jdbc.one("job read", "SELECT job_id, status, owner, result FROM job WHERE job_id = ?",
                rs -> new Row(rs.getString("job_id"), rs.getString("status"), rs.getString("owner"),
                        rs.getString("result")), jobId).orElseThrow();
    }

    /** Runs {@code work} as owner-0 and owner-1 at once; what each returned. */
    private static <T> List<T> race(OwnerWork<T> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String owner = "owner-" + i;
                Callable<T> task = () -> {
                    start.await();
                    return work.run(owner);
                };
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface OwnerWork<T> {

        T run(String owner) throws Exception;
    }
}
