package org.efp.dr.backup.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WAL segment names (TTTTTTTTXXXXXXXXYYYYYYYY: timeline, log, segment) for 16 MiB segments, and the gap check
 * between the last archived segment and the next one.
 */
public final class WalSegments {

    public static final long SEGMENT_SIZE = 16L * 1024 * 1024;
    private static final long SEGMENTS_PER_LOG = 0x1_0000_0000L / SEGMENT_SIZE;

    private WalSegments() {
    }

    public static boolean isSegment(String name) {
        return name.matches("[0-9A-F]{24}");
    }

    public static int timeline(String segment) {
        return Integer.parseInt(segment.substring(0, 8), 16);
    }

    /** The segment's position in its timeline's WAL (log * segments-per-log + segment). */
    public static long number(String segment) {
        return Long.parseLong(segment.substring(8, 16), 16) * SEGMENTS_PER_LOG
                + Long.parseLong(segment.substring(16, 24), 16);
    }

    public static String name(int timeline, long number) {
        return String.format("%08X%08X%08X", timeline, number / SEGMENTS_PER_LOG, number % SEGMENTS_PER_LOG);
    }

    /** The LSN (as a number) where a segment starts. */
    public static long startLsn(String segment) {
        return number(segment) * SEGMENT_SIZE;
    }

    /** Parses "16/B374D848". */
    public static long lsn(String text) {
        String[] parts = text.split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    public static String lsnText(long lsn) {
        return String.format("%X/%X", lsn >>> 32, lsn & 0xFFFF_FFFFL);
    }

    /**
     * The segments missing between {@code lastArchived} and {@code next} on the same timeline (empty when they
     * are contiguous, when there is no previous segment, or when the timeline changed).
     */
    public static List<String> gap(Optional<String> lastArchived, String next) {
        List<String> missing = new ArrayList<>();
        if (lastArchived.isEmpty() || timeline(lastArchived.get()) != timeline(next)) {
            return missing;
        }
        for (long n = number(lastArchived.get()) + 1; n < number(next); n++) {
            missing.add(name(timeline(next), n));
        }
        return missing;
    }

    /**
     * The segments missing between {@code lastArchived} on an older timeline and {@code next} on a newer one, given
     * where the cluster left the older timeline ({@code switchPoint}): the older timeline's segments after
     * {@code lastArchived} that end before the switch point, and the newer timeline's segments from the one holding
     * the switch point (it starts with a copy of the older timeline up to the switch) up to {@code next}.
     */
    public static List<String> gapAcrossSwitch(String lastArchived, String next, long switchPoint) {
        List<String> missing = new ArrayList<>();
        long switchSegment = switchPoint / SEGMENT_SIZE;
        for (long n = number(lastArchived) + 1; n < switchSegment; n++) {
            missing.add(name(timeline(lastArchived), n));
        }
        for (long n = switchSegment; n < number(next); n++) {
            missing.add(name(timeline(next), n));
        }
        return missing;
    }
}
