package org.efp.dr.common.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.efp.dr.common.postgres.Jdbc;

/**
 * The lease on the rows of a durable job queue in PostgreSQL: a worker claims a queued job, renews its heartbeat while
 * it runs it, and ends it only while it still owns it; a job whose heartbeat stopped is taken over by exactly one
 * other worker. Rows are taken with {@code FOR UPDATE SKIP LOCKED}, so concurrent replicas never take the same one.
 * Each method is one statement, joining the caller's transaction when there is one; lease times are the database's
 * clock ({@code now()}).
 *
 * <p>Table and column names, the returned {@code columns} and the {@code set} clauses a store adds are SQL text: they
 * come from the store's code constants only, never from input. Values always go in as bound parameters.
 *
 * @param <T> the store's row type
 */
public final class JobLeases<T> {

    private final Jdbc jdbc;
    private final JobTable table;
    private final String columns;
    private final Jdbc.RowMapper<T> mapper;

    /**
     * @param columns the column list every statement returning rows returns (the mapper reads them)
     */
    public JobLeases(Jdbc jdbc, JobTable table, String columns, Jdbc.RowMapper<T> mapper) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.table = Objects.requireNonNull(table, "table");
        this.columns = Objects.requireNonNull(columns, "columns");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Claims the oldest queued job for {@code owner}: running, owned, heartbeat now, started now unless it started
     * before. {@code extraSet} (may be empty) adds assignments with {@code extraArgs} as their parameters.
     */
    public Optional<T> claim(String owner, String extraSet, Object... extraArgs) {
        String sql = "UPDATE " + table.name() + " SET status = '" + table.running() + "', owner = ?, "
                + "heartbeat_at = now(), started_at = coalesce(started_at, now())" + more(extraSet) + " WHERE "
                + table.idColumn() + " = (SELECT " + table.idColumn() + " FROM " + table.name() + " WHERE status = '"
                + table.queued() + "' ORDER BY " + table.orderColumn() + " LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING "
                + columns;
        return jdbc.one(table.name() + " claim", sql, mapper, args(owner, extraArgs));
    }

    /**
     * Takes over the running jobs whose heartbeat is older than {@code staleAfter}: they become {@code owner}'s with a
     * new heartbeat, so one replica alone resolves each. The jobs as taken (owner already {@code owner}).
     */
    public List<T> takeStale(String owner, Duration staleAfter) {
        String sql = "UPDATE " + table.name() + " SET owner = ?, heartbeat_at = now() WHERE " + table.idColumn()
                + " IN (SELECT " + table.idColumn() + " FROM " + table.name() + " WHERE status = '"
                + table.running() + "' AND heartbeat_at < now() - make_interval(secs => ?) FOR UPDATE SKIP LOCKED) "
                + "RETURNING " + columns;
        return jdbc.query(table.name() + " stale takeover", sql, mapper, owner, staleAfter.toMillis() / 1000.0);
    }

    /** Renews the heartbeat of those of {@code ids} that {@code owner} still runs; how many it renewed. */
    public int heartbeat(String owner, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update(table.name() + " heartbeat", "UPDATE " + table.name() + " SET heartbeat_at = now() "
                + "WHERE owner = ? AND status = '" + table.running() + "' AND " + table.idColumn() + " = ANY (?)",
                owner, ids.toArray(String[]::new));
    }

    /**
     * Renews one job's heartbeat together with {@code extraSet} (may be empty), while {@code owner} runs it; false
     * when it does not (its lease was taken over, or it ended).
     */
    public boolean renew(String id, String owner, String extraSet, Object... extraArgs) {
        String sql = "UPDATE " + table.name() + " SET heartbeat_at = now()" + more(extraSet) + owned();
        return jdbc.update(table.name() + " heartbeat", sql, args(extraArgs, id, owner)) == 1;
    }

    /**
     * Ends a job {@code owner} runs, with the store's {@code set} (its end status and columns, {@code args} their
     * parameters); false, changing nothing, when {@code owner} lost the job (another took it over, or it ended).
     */
    public boolean finish(String id, String owner, String set, Object... args) {
        if (set.isBlank()) {
            throw new IllegalArgumentException("a job's end sets at least its status");
        }
        String sql = "UPDATE " + table.name() + " SET " + set + owned();
        return jdbc.update(table.name() + " end", sql, args(args, id, owner)) == 1;
    }

    private String owned() {
        return " WHERE " + table.idColumn() + " = ? AND owner = ? AND status = '" + table.running() + "'";
    }

    private static String more(String extraSet) {
        return extraSet == null || extraSet.isBlank() ? "" : ", " + extraSet;
    }

    private static Object[] args(Object first, Object[] rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray();
    }

    private static Object[] args(Object[] first, Object id, Object owner) {
        return Stream.concat(Stream.of(first), Stream.of(id, owner)).toArray();
    }
}
