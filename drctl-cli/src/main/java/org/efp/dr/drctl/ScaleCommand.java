package org.efp.dr.drctl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Scales Kubernetes deployments through failover-service's recovery API (audited, remembered, undone on failure). */
@Command(name = "scale", description = "Scale DEPLOYMENT(s) (failover-service): --replicas 0 stops them and remembers "
        + "their count, --restore brings back the remembered count, --restart stops and starts them.")
final class ScaleCommand extends Verb {

    private static final String DNS_NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*";
    private static final int MAX_REPLICAS = 100;

    @Parameters(paramLabel = "DEPLOYMENT", arity = "1..20", description = "Kubernetes deployment names")
    List<String> deployments;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--replicas", paramLabel = "N", description = "the replica count (0 stops them)")
        Integer replicas;

        @Option(names = "--restore", description = "back to the count remembered when they were scaled to 0")
        boolean restore;

        @Option(names = "--restart", description = "scale to 0, then back to the count they had")
        boolean restart;
    }

    @Option(names = { "-n", "--namespace" }, paramLabel = "NAMESPACE", description = "default: failover-service's "
            + "configured namespace")
    String namespace;

    @Mixin
    RecoveryOptions recovery;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "how long --wait waits (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    int execute() {
        for (String name : deployments) {
            if (!name.matches(DNS_NAME) || name.length() > 253) {
                throw usage("DEPLOYMENT must be a Kubernetes name (lower-case letters, digits, '-' and '.'), was '"
                        + name + "'");
            }
        }
        if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw usage("--namespace must be a Kubernetes namespace name, was '" + namespace + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (namespace != null) {
            parameters.put("namespace", namespace);
        }
        String action;
        if (mode.replicas != null) {
            if (mode.replicas < 0 || mode.replicas > MAX_REPLICAS) {
                throw usage("--replicas must be between 0 and " + MAX_REPLICAS + ", was " + mode.replicas);
            }
            action = mode.replicas == 0 ? "SCALE_DOWN" : "SCALE_UP";
            if (mode.replicas > 0) {
                parameters.put("replicas", String.valueOf(mode.replicas));
            }
        } else {
            action = mode.restore ? "SCALE_UP" : "RESTART";
        }
        return Recoveries.request(this, action, String.join(",", deployments), parameters, recovery, timeout);
    }
}
