package org.efp.dr.common.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * One SQL statement at a time on a {@link DataSource}, joining the caller's transaction when there is one. Arguments
 * are bound by type: an {@link Instant} as a timestamp, {@code null} as an untyped NULL, a {@code String[]} as
 * {@code text[]}, anything else as the driver maps it. A failure is an {@link IllegalStateException} naming the
 * statement's purpose.
 */
public final class Jdbc {

    /** Reads one row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {

        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
    public int update(String purpose, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(purpose + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs a statement that returns rows (a SELECT, or a change with RETURNING), each read by {@code mapper}. */
    public <T> List<T> query(String purpose, String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(purpose + " failed: " + e.getMessage(), e);
        }
    }

    /** The first row {@link #query} returns, if any; empty also when the mapper read that row as {@code null}. */
    public <T> Optional<T> one(String purpose, String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(purpose, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /** Binds {@code args} to the statement's parameters in order. */
    public static void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    /** A nullable timestamp column as an instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A nullable timestamp column, by position, as an instant. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A nullable bigint column, by position. */
    public static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A nullable boolean column, by position. */
    public static Boolean boolOrNull(ResultSet rs, int column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
