package org.efp.dr.failover.recovery;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.Require;

/**
 * What a recovery request may hand to Kubernetes and DNS, checked before a job exists: names become parts of API
 * paths, so they must be what Kubernetes itself accepts, and counts must be sane.
 */
public final class RecoveryChecks {

    /** Most replicas a recovery may ask for. */
    public static final int MAX_REPLICAS = 100;
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String DNS_NAME = "(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL + ")*\\.?";
    private static final Set<RecoveryAction> SCALING = Set.of(RecoveryAction.SCALE_DOWN, RecoveryAction.SCALE_UP,
            RecoveryAction.RESTART);

    private RecoveryChecks() {
    }

    /** @throws Recoveries.Invalid naming the first thing wrong */
    public static void check(RecoveryRequested request) {
        Map<String, String> parameters = request.parameters();
        String namespace = parameters.get("namespace");
        if (namespace != null && !namespace.matches(DNS_LABEL)) {
            throw invalid("namespace must be a Kubernetes namespace name (1-63 lower-case letters, digits and '-'): "
                    + Require.abbreviate(namespace));
        }
        String replicas = parameters.get("replicas");
        if (replicas != null) {
            try {
                int n = Integer.parseInt(replicas);
                if (n < 0 || n > MAX_REPLICAS) {
                    throw invalid("replicas must be between 0 and " + MAX_REPLICAS + ", was " + n);
                }
            } catch (NumberFormatException e) {
                throw invalid("replicas must be a whole number, was " + Require.abbreviate(replicas));
            }
        }
        for (String host : new String[] { parameters.get("dnsRecord"), parameters.get("dnsTarget") }) {
            if (host != null && !host.matches(DNS_NAME)) {
                throw invalid("dnsRecord and dnsTarget must be DNS names: " + Require.abbreviate(host));
            }
        }
        parameters.forEach((key, value) -> {
            if (key.startsWith("timeout.")) {
                try {
                    Duration.parse(value);
                } catch (DateTimeParseException e) {
                    throw invalid(key + " must be an ISO-8601 duration like PT90S, was " + Require.abbreviate(value));
                }
            }
        });
        if (SCALING.contains(request.action()) && request.target() != null) {
            String[] names = request.target().split(",");
            if (names.length > 20) {
                throw invalid("target may name at most 20 deployments, named " + names.length);
            }
            for (String name : names) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty() && !trimmed.matches(DNS_NAME)) {
                    throw invalid("target must name Kubernetes deployments (lower-case DNS names, comma-separated): "
                            + Require.abbreviate(trimmed));
                }
            }
        }
    }

    private static Recoveries.Invalid invalid(String message) {
        return new Recoveries.Invalid(message);
    }
}
