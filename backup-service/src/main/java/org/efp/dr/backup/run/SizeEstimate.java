package org.efp.dr.backup.run;

/**
 * The raw bytes a backup will likely read, the total its percent and ETA are measured against.
 * <p>
 * The size measured at the source ({@code pg_database_size}) is an upper bound a dump never reaches: indexes and free
 * space are on disk but not dumped, so a dump reads about half of it. The previous completed backup of the same
 * target and kind tells how much: it recorded the size at its source when it started and read {@code readBytes} in
 * the end, so the estimate is the size now times that ratio.
 * <p>
 * The ratio is only used when it can be trusted: a previous backup of a database of a very different size (a nearly
 * empty one, whose fixed catalog overhead dominates) says little about today's, so then, as without a previous
 * backup, the plain measured size is the estimate. A ratio of zero or less is ignored; one outside
 * [{@value #MIN_RATIO}, {@value #MAX_RATIO}] is brought back into it.
 */
public final class SizeEstimate {

    /** The smallest share of the source's size a backup is expected to read. */
    static final double MIN_RATIO = 0.05;
    /** The largest: a dump's text can be somewhat larger than the binary rows, never several times. */
    static final double MAX_RATIO = 1.5;
    /** How much larger or smaller than now the source may have been for its ratio to apply. */
    static final double MAX_SIZE_CHANGE = 2.0;

    private SizeEstimate() {
    }

    /**
     * @param measuredNow    the size at the source now; null when it could not be measured
     * @param previousSource the size at the source when the previous completed backup started; null when none or not
     *                       recorded
     * @param previousRead   the raw bytes that previous backup read; null when there is none
     * @return the estimated raw bytes: the measured size calibrated by the previous backup's ratio when that applies,
     *         the measured size when not, the previous backup's bytes when nothing was measured; null when nothing is
     *         known (progress then shows bytes and rate without percent or ETA)
     */
    public static Long of(Long measuredNow, Long previousSource, Long previousRead) {
        boolean measured = measuredNow != null && measuredNow > 0;
        boolean previous = previousRead != null && previousRead > 0;
        if (!measured) {
            return previous ? previousRead : null;
        }
        if (!previous || previousSource == null || previousSource <= 0 || !comparable(previousSource, measuredNow)) {
            return measuredNow;
        }
        double ratio = Math.min(MAX_RATIO, Math.max(MIN_RATIO, (double) previousRead / previousSource));
        return Math.max(1, Math.round(measuredNow * ratio));
    }

    /** Whether a source of {@code then} bytes is near enough in size to one of {@code now} bytes to share a ratio. */
    private static boolean comparable(long then, long now) {
        double change = (double) Math.max(then, now) / Math.min(then, now);
        return change <= MAX_SIZE_CHANGE;
    }
}
