package org.efp.dr.failover.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.efp.dr.common.config.DurationText;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.Severity;

/** {@code runbook.yaml}: component to plan, and the steps of complete system recovery. */
public record RunbookFile(Map<String, Entry> components, @JsonProperty("default") Entry fallback,
        @JsonProperty("system-recovery") List<SagaStep> systemRecovery,
        @JsonProperty("minimum-severity") Severity minimumSeverity,
        @JsonProperty("complete-failure") CompleteFailure completeFailure) {

    /**
     * When outages are one complete failure: an open incident of each of {@code components}, all detected within
     * {@code within} of each other, become one incident of {@code component} (whose plan is the system-recovery
     * saga). No components: never.
     */
    public record CompleteFailure(List<String> components, String within, String component) {

        public CompleteFailure {
            components = components == null ? List.of() : List.copyOf(components);
            component = component == null ? "everything" : component;
            if (components.size() == 1) {
                throw new IllegalArgumentException("complete-failure needs at least two components, not "
                        + components);
            }
            if (components.contains(component)) {
                throw new IllegalArgumentException("complete-failure component " + component
                        + " cannot be one of the components it correlates");
            }
            withinDuration();
        }

        public Duration withinDuration() {
            return within == null ? Duration.ofMinutes(2) : DurationText.parse(within);
        }

        public boolean enabled() {
            return !components.isEmpty();
        }
    }

    /**
     * One component's plan; {@code target} is the database, model set or deployments (comma separated);
     * {@code minimum-severity}: less severe incidents only notify (default: the file's {@code minimum-severity}).
     */
    public record Entry(String plan, String target, @JsonProperty("minimum-severity") Severity minimumSeverity) {

        public Entry(String plan, String target) {
            this(plan, target, null);
        }

        public Plan parsedPlan() {
            return Plan.parse(plan);
        }
    }

    /** Whether an incident of {@code severity} is severe enough for the component's automatic action. */
    public boolean actsOn(Entry entry, Severity severity) {
        Severity minimum = entry.minimumSeverity() != null ? entry.minimumSeverity() : minimumSeverity;
        return severity.ordinal() <= minimum.ordinal();
    }

    /** The minimum severity that acts for {@code entry}. */
    public Severity minimumFor(Entry entry) {
        return entry.minimumSeverity() != null ? entry.minimumSeverity() : minimumSeverity;
    }

    /** A saga step: the recovery it asks for, how long to wait for it and how to undo it. */
    public record SagaStep(String name, String component, RecoveryAction action, String target, String timeout,
            RecoveryAction rollback) {

        public SagaStep {
            Objects.requireNonNull(name, "system-recovery step name");
            Objects.requireNonNull(component, "system-recovery step component");
            Objects.requireNonNull(action, "system-recovery step action");
        }

        public Duration timeoutDuration() {
            return timeout == null ? Duration.ofMinutes(30) : DurationText.parse(timeout);
        }
    }

    public RunbookFile {
        components = components == null ? Map.of() : Map.copyOf(components);
        fallback = fallback == null ? new Entry("notify-only", null) : fallback;
        systemRecovery = systemRecovery == null ? List.of() : List.copyOf(systemRecovery);
        minimumSeverity = minimumSeverity == null ? Severity.HIGH : minimumSeverity;
        completeFailure = completeFailure == null ? new CompleteFailure(List.of(), null, null) : completeFailure;
        components.values().forEach(Entry::parsedPlan);
        fallback.parsedPlan();
    }

    public Entry entryFor(String component) {
        return components.getOrDefault(component, fallback);
    }

    /** Loads {@code file}, or the shipped default when it is null. */
    public static RunbookFile load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = file == null ? RunbookFile.class.getResourceAsStream("/runbook.yaml")
                : Files.newInputStream(file)) {
            return yaml.readValue(in, RunbookFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + (file == null ? "runbook.yaml" : file) + ": "
                    + e.getMessage(), e);
        }
    }
}
