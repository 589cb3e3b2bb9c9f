package org.efp.dr.failover.database;

import java.util.Objects;

/**
 * How firmly an old primary is fenced. {@code HARD}: no session can write there whatever it sets (stopped with a
 * standby.signal, or fenced on disk here); {@code SOFT}: read-only by default only, which a client session can lift;
 * {@code NONE}: not fenced at all (unreachable, or fencing off).
 */
public record FenceOutcome(Level level, String detail) {

    /** The fence levels, also shown per fenced node in the topology. */
    public enum Level {
        HARD,
        SOFT,
        NONE
    }

    public FenceOutcome {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(detail, "detail");
    }

    public static FenceOutcome hard(String detail) {
        return new FenceOutcome(Level.HARD, detail);
    }

    public static FenceOutcome soft(String detail) {
        return new FenceOutcome(Level.SOFT, detail);
    }

    public static FenceOutcome none(String detail) {
        return new FenceOutcome(Level.NONE, detail);
    }
}
