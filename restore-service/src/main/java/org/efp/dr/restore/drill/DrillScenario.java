package org.efp.dr.restore.drill;

import java.util.Arrays;
import java.util.Optional;

/** The drills restore-service carries out, by their recovery-testing.yaml name, and the objectives they are held to. */
public enum DrillScenario {

    /** Restore the latest good FULL backup into a scratch database and verify it. */
    DATABASE_RECOVERY("database_recovery", "database"),
    /** Restore the latest MODELS backup into a scratch directory and verify every file. */
    MODEL_RECOVERY("model_recovery", "ml-models");

    private final String scenario;
    private final String component;

    DrillScenario(String scenario, String component) {
        this.scenario = scenario;
        this.component = component;
    }

    /** The scenario's name in recovery-testing.yaml. */
    public String scenario() {
        return scenario;
    }

    /** The component of recovery-objectives.yaml whose RTO and RPO the drill measures. */
    public String component() {
        return component;
    }

    /** The drill of a scenario name; empty for scenarios other services run (region_failover) or unknown ones. */
    public static Optional<DrillScenario> of(String scenario) {
        return Arrays.stream(values()).filter(s -> s.scenario.equals(scenario)).findFirst();
    }
}
