package org.efp.dr.failover.livedrill;

import java.util.Arrays;
import java.util.Optional;

/**
 * The guide's scenarios a live drill runs against the platform itself, and how each is spoken of. The others
 * (model, region, complete failure) break what this service does not hold (a model volume, a whole region, every
 * disk) and run with {@code ./dr drill} on the local platform.
 *
 * @param name the scenario, as in recovery-testing.yaml
 * @param component the component whose objectives judge it and whose incident the drill waits for
 * @param thing what is broken, in words
 * @param notServing why it is not started when the thing does not serve
 * @param notReady why it is not started, or not ready after the recovery, when it could not take the next failure
 */
public enum LiveScenario {

    DATABASE_FAILURE("database_failure", "database", "the primary", "no writable primary",
            "no standby streams from the primary"),
    CACHE_FAILURE("cache_failure", "cache", "the cache", "the cache does not answer PING",
            "the cache does not answer PING");

    private final String name;
    private final String component;
    private final String thing;
    private final String notServing;
    private final String notReady;

    LiveScenario(String name, String component, String thing, String notServing, String notReady) {
        this.name = name;
        this.component = component;
        this.thing = thing;
        this.notServing = notServing;
        this.notReady = notReady;
    }

    public static Optional<LiveScenario> of(String name) {
        return Arrays.stream(values()).filter(s -> s.name.equals(name)).findFirst();
    }

    /** The scenario names, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(LiveScenario::scenario).toList());
    }

    public String scenario() {
        return name;
    }

    public String component() {
        return component;
    }

    String thing() {
        return thing;
    }

    String notServing() {
        return notServing;
    }

    String notReady() {
        return notReady;
    }
}
