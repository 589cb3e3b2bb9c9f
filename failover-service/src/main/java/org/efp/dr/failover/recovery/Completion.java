package org.efp.dr.failover.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a successful recovery reports: where it recovered from, to which instant, the data lost, what is left, and
 * what it measured about its outcome ({@code details}, by name).
 */
public record Completion(String restoredFrom, Instant recoveredTo, Long dataLossSeconds, List<String> nextSteps,
        Map<String, String> details) {

    public Completion(String restoredFrom, Instant recoveredTo, Long dataLossSeconds, List<String> nextSteps) {
        this(restoredFrom, recoveredTo, dataLossSeconds, nextSteps, Map.of());
    }

    public static Completion plain() {
        return new Completion(null, null, null, List.of());
    }
}
