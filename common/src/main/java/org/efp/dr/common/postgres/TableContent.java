package org.efp.dr.common.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a table holds, measured the same way when it is backed up and after it is restored: the exact row count
 * and, for tables small enough that one more pass is cheap, a content checksum. The checksum is the sum of a 64-bit
 * hash of every row's text form, so it does not depend on row order (a restore reloads rows in another physical
 * order) but changes when any value, or the multiset of rows, does. Text forms are pinned by session settings so a
 * server or client with other defaults computes the same value.
 */
public final class TableContent {

    /** Settings under which every value's text form is the same on any server. */
    private static final String[] SETTINGS = {"TimeZone = 'UTC'", "DateStyle = 'ISO, YMD'",
        "IntervalStyle = 'postgres'", "extra_float_digits = 3", "bytea_output = 'hex'"};

    /** Row count and, when measured, the checksum (null otherwise). */
    public record Measure(long rows, String checksum) {
    }

    private TableContent() {
    }

    /** Pins the text forms for the connection's session (or its transaction when {@code local}). */
    public static void pinTextForms(Statement s, boolean local) throws SQLException {
        for (String setting : SETTINGS) {
            s.execute("SET " + (local ? "LOCAL " : "") + setting);
        }
    }

    /**
     * Measures {@code table} (already quoted, schema-qualified) in one pass; the checksum only when
     * {@code withChecksum}. Call {@link #pinTextForms} on the connection first.
     */
    public static Measure measure(Connection c, String table, boolean withChecksum) throws SQLException {
        String sql = withChecksum
                ? "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM " + table + " t"
                : "SELECT count(*), NULL FROM " + table;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new Measure(rs.getLong(1), rs.getString(2));
        }
    }
}
