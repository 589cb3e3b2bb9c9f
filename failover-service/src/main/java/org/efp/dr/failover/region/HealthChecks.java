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

/** Checks a list of endpoints: HTTP(S) answers below 400, JDBC URLs accept a connection. */
@ApplicationScoped
public class HealthChecks {

    private final PgNodes nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public HealthChecks(PgNodes nodes) {
        this.nodes = nodes;
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
}
