package org.efp.dr.common.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code recovery-objectives.yaml}: the guide's RTO/RPO table, per component. */
public record RecoveryObjectives(Map<String, Objective> objectives) {

    public static final String FILE = "recovery-objectives.yaml";

    /** How an RPO is stated. */
    public enum RpoKind {
        /** Data loss must stay under {@link Objective#rpo()}. */
        BOUNDED,
        /** No promise. */
        BEST_EFFORT,
        /** Back to the last successful training run. */
        LAST_SUCCESSFUL_TRAINING
    }

    /** One row: the component key, its name in the guide, RTO, RPO and how the RPO is stated. */
    public record Objective(String component, String name, Duration rto, Duration rpo, RpoKind rpoKind) {
    }

    public RecoveryObjectives {
        objectives = Map.copyOf(objectives);
    }

    public Optional<Objective> forComponent(String component) {
        return Optional.ofNullable(objectives.get(component));
    }

    static RecoveryObjectives from(YamlNode root) {
        Map<String, Objective> objectives = new LinkedHashMap<>();
        root.required("objectives").entries().forEach((component, node) -> {
            YamlNode rpo = node.required("rpo");
            String rpoText = rpo.text().toLowerCase();
            Objective objective = switch (rpoText) {
                case "best-effort" -> new Objective(component, node.required("name").text(),
                        node.required("rto").duration(), null, RpoKind.BEST_EFFORT);
                case "last-successful-training" -> new Objective(component, node.required("name").text(),
                        node.required("rto").duration(), null, RpoKind.LAST_SUCCESSFUL_TRAINING);
                default -> new Objective(component, node.required("name").text(), node.required("rto").duration(),
                        rpo.duration(), RpoKind.BOUNDED);
            };
            objectives.put(component, objective);
        });
        return new RecoveryObjectives(objectives);
    }
}
