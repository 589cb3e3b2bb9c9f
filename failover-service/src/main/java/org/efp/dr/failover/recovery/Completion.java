package org.efp.dr.failover.recovery;

import java.time.Instant;
import java.util.List;

/** What a successful recovery reports: where it recovered from, to which instant, the data lost, what is left. */
public record Completion(String restoredFrom, Instant recoveredTo, Long dataLossSeconds, List<String> nextSteps) {

    public static Completion plain() {
        return new Completion(null, null, null, List.of());
    }
}
