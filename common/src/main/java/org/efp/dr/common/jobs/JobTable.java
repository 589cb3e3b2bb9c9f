package org.efp.dr.common.jobs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job table as {@link JobLeases} sees it: its name, id column, the column queued jobs are taken in the order of,
 * and the status values of a queued and a running job. Every job table also has the columns {@code status},
 * {@code owner}, {@code heartbeat_at} and {@code started_at}.
 *
 * <p>The names go into SQL text, so they come from code constants only, never from input; they are checked to be
 * plain identifiers and the status values plain upper-case words.
 *
 * @param name the table, optionally schema-qualified
 * @param idColumn the primary key column (text)
 * @param orderColumn the column the oldest queued job is found by
 * @param queued the status of a job waiting to be claimed
 * @param running the status of a claimed job
 */
public record JobTable(String name, String idColumn, String orderColumn, String queued, String running) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]*");

    public JobTable {
        identifier(name, "name");
        identifier(idColumn, "idColumn");
        identifier(orderColumn, "orderColumn");
        status(queued, "queued");
        status(running, "running");
    }

    /** A table whose jobs are {@code QUEUED} then {@code RUNNING}. */
    public static JobTable of(String name, String idColumn, String orderColumn) {
        return new JobTable(name, idColumn, orderColumn, "QUEUED", "RUNNING");
    }

    private static void identifier(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not a plain identifier: " + value);
        }
    }

    private static void status(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!STATUS.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not an upper-case status word: " + value);
        }
    }
}
