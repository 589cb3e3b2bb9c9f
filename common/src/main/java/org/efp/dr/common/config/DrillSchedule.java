package org.efp.dr.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code recovery-testing.yaml}: which recovery drills run how often. */
public record DrillSchedule(Map<String, Drill> drills) {

    public static final String FILE = "recovery-testing.yaml";
    static final Set<String> FREQUENCIES = Set.of("daily", "weekly", "monthly", "quarterly", "yearly");
    static final Set<String> TYPES = Set.of("full", "partial", "simulation");

    /** One drill: its scenario name (the YAML key), frequency, type and whether people are told. */
    public record Drill(String scenario, String frequency, String type, boolean notification) {
    }

    public DrillSchedule {
        drills = Map.copyOf(drills);
    }

    static DrillSchedule from(YamlNode root) {
        Map<String, Drill> drills = new LinkedHashMap<>();
        root.required("schedule").entries().forEach((name, node) -> drills.put(name, new Drill(name,
                node.required("frequency").oneOf(FREQUENCIES), node.required("type").oneOf(TYPES),
                node.required("notification").bool())));
        return new DrillSchedule(drills);
    }

    /** A Unix cron for a drill frequency: at 03:00, on the first day of the period. */
    public static String cron(String frequency) {
        return switch (frequency) {
            case "daily" -> "0 3 * * *";
            case "weekly" -> "0 3 * * 1";
            case "monthly" -> "0 3 1 * *";
            case "quarterly" -> "0 3 1 1,4,7,10 *";
            case "yearly" -> "0 3 1 1 *";
            default -> throw new IllegalArgumentException("unknown drill frequency " + frequency
                    + " (one of daily, weekly, monthly, quarterly, yearly)");
        };
    }
}
