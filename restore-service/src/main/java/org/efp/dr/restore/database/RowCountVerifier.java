package org.efp.dr.restore.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.efp.dr.restore.RestoreException;

/** The guide's "verify data integrity": exact row counts of the restored tables against the backup's manifest. */
public final class RowCountVerifier {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_\"]+\\.[A-Za-z0-9_\"]+");

    private RowCountVerifier() {
    }

    /** Returns a one-line summary; throws VERIFICATION_FAILED listing every table that differs. */
    public static String verify(DatabaseServer server, String database, Map<String, Long> expected)
            throws SQLException {
        if (expected.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                    "the backup's manifest has no row counts to verify against");
        }
        List<String> differences = new ArrayList<>();
        long rows = 0;
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            for (Map.Entry<String, Long> table : new TreeMap<>(expected).entrySet()) {
                if (!TABLE.matcher(table.getKey()).matches()) {
                    throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                            "manifest names an invalid table: " + table.getKey());
                }
                long actual;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.getKey())) {
                    rs.next();
                    actual = rs.getLong(1);
                } catch (SQLException e) {
                    differences.add(table.getKey() + " missing");
                    continue;
                }
                rows += actual;
                if (actual != table.getValue()) {
                    differences.add(table.getKey() + " has " + actual + " rows, backup had " + table.getValue());
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                    "restored data differs from the backup: " + String.join("; ", differences));
        }
        return expected.size() + " tables, " + rows + " rows match the manifest";
    }
}
