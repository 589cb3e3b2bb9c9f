package org.efp.dr.drctl;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Recovery requests to failover-service (POST /api/v1/recoveries) and following them. */
final class Recoveries {

    static final Set<String> RUNNING = Set.of("PENDING", "RUNNING", "WAITING");

    private Recoveries() {
    }

    /** Requests {@code action} on {@code target}; with {@code await}, follows it to its end. */
    static int request(Verb verb, String action, String target, boolean dryRun, String incidentId, boolean await,
            Duration timeout) {
        return request(verb, action, target, Map.of(), dryRun, incidentId, await, timeout);
    }

    /**
     * Requests {@code action} on {@code target} with the recovery's {@code parameters} (e.g. {@code replicas},
     * {@code namespace}) as the verb's {@code options} ask: a dry run or not, for their incident, followed or not.
     */
    static int request(Verb verb, String action, String target, Map<String, String> parameters,
            RecoveryOptions options, Duration timeout) {
        return request(verb, action, target, parameters, options.dryRun, options.incidentId, options.await, timeout);
    }

    /** As above, with the recovery's {@code parameters} (e.g. {@code replicas}, {@code namespace}). */
    static int request(Verb verb, String action, String target, Map<String, String> parameters, boolean dryRun,
            String incidentId, boolean await, Duration timeout) {
        ObjectNode body = Api.JSON.createObjectNode().put("action", action).put("dryRun", dryRun);
        if (!parameters.isEmpty()) {
            ObjectNode p = body.putObject("parameters");
            parameters.forEach(p::put);
        }
        if (target != null) {
            body.put("target", target);
        }
        if (incidentId != null) {
            Api.segment(incidentId, "--incident");
            body.put("incidentId", incidentId);
        }
        JsonNode accepted = verb.api().post(Service.FAILOVER, "/api/v1/recoveries", body);
        if (!await || !accepted.path("runsHere").asBoolean(true)) {
            verb.print(accepted, Output::fields);
            return DrctlException.OK;
        }
        String id = accepted.path("recoveryId").asText();
        JsonNode job = verb.await("recovery " + id, () -> verb.api().get(Service.FAILOVER, "/api/v1/recoveries/"
                + Api.segment(id, "recovery id")), j -> !RUNNING.contains(j.path("status").asText()),
                j -> "recovery " + id + " (" + action + (dryRun ? ", dry run" : "") + "): " + j.path("status").asText()
                        + ", step " + j.path("nextStep").asInt(), timeout, Duration.ofSeconds(1));
        verb.print(job, Output::fields);
        if (!"SUCCEEDED".equals(job.path("status").asText())) {
            verb.root().err.println("drctl: recovery " + id + " ended " + job.path("status").asText() + ": "
                    + Output.text(job.path("error")));
            return DrctlException.FAILED;
        }
        return DrctlException.OK;
    }
}
