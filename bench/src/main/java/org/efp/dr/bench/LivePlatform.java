package org.efp.dr.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A running platform as a drill sees it: the services' base URLs, an operator's REST login, and the energy_forecast
 * nodes (host:port → JDBC URL and data directory, for the crash and the machine's restart).
 */
record LivePlatform(Map<String, String> serviceUrls, String operatorUser, String operatorPassword,
        Map<String, String> nodeJdbcUrls, Map<String, Path> nodeDataDirs, String databaseUser) {

    static final String FAILOVER = "failover-service";
    static final String METRICS = "metrics-service";
    static final String NOTIFIER = "notifier-service";
    static final String RESTORE = "restore-service";
    static final String BACKUP = "backup-service";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status and body (status 0 when the service did not answer). */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }
    }

    Answer get(String service, String path) {
        return serviceUrls.containsKey(service) ? send(service, HttpRequest.newBuilder(uri(service, path)).GET())
                : new Answer(0, service + " is not part of this platform");
    }

    Answer post(String service, String path, String json) {
        return serviceUrls.containsKey(service) ? send(service, HttpRequest.newBuilder(uri(service, path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)))
                : new Answer(0, service + " is not part of this platform");
    }

    boolean ready(String service) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrls.get(service) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI uri(String service, String path) {
        String base = serviceUrls.get(service);
        if (base == null) {
            throw new IllegalArgumentException("no address for " + service);
        }
        return URI.create(base + path);
    }

    private Answer send(String service, HttpRequest.Builder request) {
        String login = Base64.getEncoder().encodeToString((operatorUser + ":" + operatorPassword)
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + login).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, service + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }
}
