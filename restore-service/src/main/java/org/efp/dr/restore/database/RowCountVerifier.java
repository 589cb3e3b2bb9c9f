package org.efp.dr.restore.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.efp.dr.common.postgres.TableContent;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.postgres.DatabaseServer;

/**
 * The guide's "verify data integrity": exact row counts of the restored tables against the backup's manifest, and
 * the content checksum of every table the manifest has one for (measured the same way, {@link TableContent}).
 */
public final class RowCountVerifier {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_\"]+\\.[A-Za-z0-9_\"]+");

    private RowCountVerifier() {
    }

    /** Returns a one-line summary; throws VERIFICATION_FAILED listing every table that differs. */
    public static String verify(DatabaseServer server, String database, Map<String, Long> expected,
            Map<String, String> checksums) throws SQLException {
        if (expected.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                    "the backup's manifest has no row counts to verify against");
        }
        List<String> differences = new ArrayList<>();
        long rows = 0;
        int checked = 0;
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            TableContent.pinTextForms(s, false);
            for (Map.Entry<String, Long> table : new TreeMap<>(expected).entrySet()) {
                if (!TABLE.matcher(table.getKey()).matches()) {
                    throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                            "manifest names an invalid table: " + table.getKey());
                }
                String checksum = checksums.get(table.getKey());
                TableContent.Measure measure;
                try {
                    measure = TableContent.measure(c, table.getKey(), checksum != null);
                } catch (SQLException e) {
                    differences.add(table.getKey() + " missing");
                    continue;
                }
                rows += measure.rows();
                if (measure.rows() != table.getValue()) {
                    differences.add(table.getKey() + " has " + measure.rows() + " rows, backup had "
                            + table.getValue());
                } else if (checksum != null && !checksum.equals(measure.checksum())) {
                    differences.add(table.getKey() + " content differs from the backup (checksum " + measure.checksum()
                            + ", backup had " + checksum + ")");
                } else if (checksum != null) {
                    checked++;
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.VERIFICATION_FAILED,
                    "restored data differs from the backup: " + String.join("; ", differences));
        }
        return expected.size() + " tables, " + rows + " rows match the manifest; content checksums match for "
                + checked + " of them";
    }
}
