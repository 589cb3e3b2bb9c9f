package org.efp.dr.failover.region;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.scaling.Scaler;

/**
 * Checks a list of endpoints: HTTP(S) answers below 400, JDBC URLs accept a connection,
 * {@code kubernetes:NAMESPACE/DEPLOYMENT} has replicas available.
 */
@ApplicationScoped
public class HealthChecks {

    static final String KUBERNETES = "kubernetes:";

    private final PgNodes nodes;
    private final Scaler scaler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public HealthChecks(PgNodes nodes, Scaler scaler) {
        this.nodes = nodes;
        this.scaler = scaler;
    }

    /** The failing checks, empty when all pass. */
    public List<String> problems(List<String> urls) {
        List<String> problems = new ArrayList<>();
        for (String url : urls) {
            if (url.startsWith("jdbc:")) {
                if (!nodes.reachable(url)) {
                    problems.add(url + " unreachable");
                }
                continue;
            }
            if (url.startsWith(KUBERNETES)) {
                String problem = deploymentProblem(url.substring(KUBERNETES.length()));
                if (problem != null) {
                    problems.add(problem);
                }
                continue;
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET()
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 400) {
                    problems.add(url + " answered " + status);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                problems.add(url + " unreachable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return problems;
    }

    private String deploymentProblem(String deployment) {
        int slash = deployment.indexOf('/');
        if (slash <= 0 || slash == deployment.length() - 1) {
            return "kubernetes check '" + deployment + "' is not NAMESPACE/DEPLOYMENT";
        }
        try {
            return scaler.available(deployment.substring(0, slash), deployment.substring(slash + 1)) > 0 ? null
                    : "deployment " + deployment + " has no replica available";
        } catch (RuntimeException e) {
            return "deployment " + deployment + " unknown: Kubernetes API unreachable (" + e.getClass().getSimpleName()
                    + ")";
        }
    }
}
