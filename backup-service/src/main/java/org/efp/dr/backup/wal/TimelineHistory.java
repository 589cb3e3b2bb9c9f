package org.efp.dr.backup.wal;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A timeline history file ({@code 00000002.history}, written by PostgreSQL when a standby is promoted): for each
 * ancestor timeline, the LSN where the cluster switched away from it. Lines are
 * {@code <parent tli>\t<switch point>\t<reason>}; blank lines and {@code #} comments are skipped.
 */
public record TimelineHistory(int timeline, Map<Integer, Long> switchPoints) {

    public TimelineHistory {
        if (timeline < 1) {
            throw new IllegalArgumentException("timeline must be positive: " + timeline);
        }
        switchPoints = Map.copyOf(switchPoints);
    }

    /** The history file's name for {@code timeline}. */
    public static String fileName(int timeline) {
        return String.format("%08X.history", timeline);
    }

    /** Whether {@code name} is a history file's name. */
    public static boolean isHistoryFile(String name) {
        return name.matches("[0-9A-F]{8}\\.history");
    }

    /** Parses the file {@code name} with content {@code text}. */
    public static TimelineHistory parse(String name, String text) {
        if (!isHistoryFile(name)) {
            throw new IllegalArgumentException("not a timeline history file name: " + name);
        }
        Map<Integer, Long> points = new TreeMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+", 3);
            if (fields.length < 2) {
                throw new IllegalArgumentException("malformed line in " + name + ": " + line);
            }
            points.put(Integer.parseInt(fields[0]), WalSegments.lsn(fields[1]));
        }
        return new TimelineHistory(Integer.parseInt(name.substring(0, 8), 16), points);
    }

    /** Where the cluster left {@code ancestor} on its way to this timeline; empty when it is no ancestor. */
    public OptionalLong switchPoint(int ancestor) {
        Long lsn = switchPoints.get(ancestor);
        return lsn == null ? OptionalLong.empty() : OptionalLong.of(lsn);
    }
}
