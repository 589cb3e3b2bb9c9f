package org.efp.dr.failover.detection;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts consecutive probe failures per target: the Nth declares the outage as started at the first failure; a
 * success after a declaration recovers it; a success before the Nth forgets the streak. A target's first result in this
 * process, when a success, recovers as well (see {@link #record}).
 */
public final class ProbeTracker {

    /** What a probe result means. */
    public sealed interface Transition permits None, Declare, Recover {
    }

    public record None() implements Transition {
    }

    public record Declare(Instant firstFailure, int failures, String lastError) implements Transition {
    }

    public record Recover() implements Transition {
    }

    private record Streak(Instant first, int count, boolean declared) {
    }

    private final int threshold;
    private final Map<String, Streak> streaks = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    public ProbeTracker(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        this.threshold = threshold;
    }

    public synchronized Transition record(String target, boolean ok, Instant at, String error) {
        Streak s = streaks.get(target);
        boolean first = seen.add(target);
        if (ok) {
            streaks.remove(target);
            // The first success of a target since this process started recovers too: an outage declared before a
            // restart (its streak lost with the old process) is resolved once the component answers, not left open.
            return s != null && s.declared() || first ? new Recover() : new None();
        }
        Streak next = s == null ? new Streak(at, 1, false) : new Streak(s.first(), s.count() + 1, s.declared());
        if (!next.declared() && next.count() >= threshold) {
            streaks.put(target, new Streak(next.first(), next.count(), true));
            return new Declare(next.first(), next.count(), error);
        }
        streaks.put(target, next);
        return new None();
    }
}
