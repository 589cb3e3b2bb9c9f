package org.efp.dr.drctl;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.common.events.Require;

/**
 * The services' REST APIs over HTTP Basic. Answers map to exit codes: unreachable, 401 and 403 are
 * {@link DrctlException#UNREACHABLE}; 404 is {@link DrctlException#NOT_FOUND}; 400, 409 and 422 are
 * {@link DrctlException#USAGE} with the service's problem detail; anything else is {@link DrctlException#FAILED}.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpClient http;
    private final Duration timeout;

    Api(Settings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether a URL for {@code service} is configured. */
    boolean has(Service service) {
        return settings.has(service);
    }

    JsonNode get(Service service, String path) {
        return send(service, "GET", path, null);
    }

    JsonNode post(Service service, String path, JsonNode body) {
        return send(service, "POST", path, body);
    }

    JsonNode delete(Service service, String path) {
        return send(service, "DELETE", path, null);
    }

    /** A page the service renders for people (e.g. metrics-service's /reports/drills), as its HTML text. */
    String html(Service service, String path) {
        return exchange(service, "GET", path, null, "text/html");
    }

    /** {@code id} checked as an identifier (no separators, spaces, "..") and encoded as one path segment. */
    static String segment(String id, String what) {
        try {
            Require.eventId(id, what);
        } catch (IllegalArgumentException e) {
            throw DrctlException.usage(e.getMessage());
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(Service service, String method, String path, JsonNode body) {
        String answer = exchange(service, method, path, body, "application/json");
        if (answer == null || answer.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new DrctlException(DrctlException.FAILED, service.serviceName() + " answered " + method + " "
                    + path + " with something that is not JSON");
        }
    }

    /** The body of a 2xx answer; any other answer is the {@link DrctlException} the class comment names. */
    private String exchange(Service service, String method, String path, JsonNode body, String accept) {
        URI base = settings.endpoint(service);
        String credentials = settings.user() + ":" + settings.password();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DrctlException(DrctlException.UNREACHABLE, service.serviceName() + " at " + base
                    + " is unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrctlException(DrctlException.FAILED, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String detail = detail(response.body());
        String where = service.serviceName() + " " + method + " " + path;
        switch (status) {
            case 401 -> throw new DrctlException(DrctlException.UNREACHABLE, service.serviceName()
                    + " refused the credentials of user " + settings.user());
            case 403 -> throw new DrctlException(DrctlException.UNREACHABLE, service.serviceName() + " refused user "
                    + settings.user() + " (" + method + " " + path + " needs the operator role)");
            case 404 -> throw new DrctlException(DrctlException.NOT_FOUND, detail.isEmpty() ? "not found: " + where
                    : detail);
            case 400, 409, 422 -> throw new DrctlException(DrctlException.USAGE, service.serviceName()
                    + " refused the request: " + (detail.isEmpty() ? "HTTP " + status : detail));
            default -> throw new DrctlException(DrctlException.FAILED, where + " answered HTTP " + status
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
    }

    /** The human message of a problem document ({@code detail}, else {@code error}, else {@code title}). */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode problem = JSON.readTree(body);
            for (String field : new String[] { "detail", "error", "message", "title" }) {
                if (problem.path(field).isTextual() && !problem.path(field).asText().isBlank()) {
                    return problem.path(field).asText();
                }
            }
        } catch (JsonProcessingException e) {
            // not a problem document: the first line of the body
        }
        String line = body.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused (is it running?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
        }
        return message;
    }
}
