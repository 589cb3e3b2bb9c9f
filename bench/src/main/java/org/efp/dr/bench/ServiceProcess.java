package org.efp.dr.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.Ports;

/** One of the platform's services, started from its built jar against the benchmark's infrastructure. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final String authorization;

    private ServiceProcess(Process process, int port, String authorization) {
        this.process = process;
        this.port = port;
        this.authorization = authorization;
    }

    static ServiceProcess start(String service, Map<String, String> config, Path work, Map<String, String> extra)
            throws IOException, InterruptedException {
        return start(service, config, work, extra, Map.of());
    }

    /**
     * Starts {@code service} with {@code config} and {@code extra} as environment variables and {@code properties}
     * as system properties (for keys an environment variable cannot spell, such as quoted map keys).
     */
    static ServiceProcess start(String service, Map<String, String> config, Path work, Map<String, String> extra,
            Map<String, String> properties) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar(service).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(service + ".log").toFile()));
        config.forEach((k, v) -> builder.environment().put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // The benchmark calls the REST API as an operator made for this run only.
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        builder.environment().put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_BENCH", password);
        builder.environment().put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_BENCH", "operator");
        builder.environment().putAll(extra);
        ServiceProcess started = new ServiceProcess(builder.start(), port, "Basic "
                + Base64.getEncoder().encodeToString(("bench:" + password).getBytes(StandardCharsets.UTF_8)));
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.process.isAlive()) {
                throw new IllegalStateException(service + " exited; see " + work.resolve(service + ".log"));
            }
            try {
                if (started.status("/q/health/ready") == 200) {
                    return started;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        started.close();
        throw new IllegalStateException(service + " not ready in 180 s; see " + work.resolve(service + ".log"));
    }

    /**
     * {@code config} plus the service's own Kafka login: SASL/SCRAM as the principal named after the service, whose
     * ACLs let it write only the topics it owns.
     */
    static Map<String, String> withKafkaLogin(Map<String, String> config, Infrastructure infra, String service) {
        Map<String, String> login = new LinkedHashMap<>(config);
        login.put("dr.kafka.username", service);
        login.put("dr.kafka.password", infra.kafka().password(service));
        return login;
    }

    /** The service's runnable jar, from the repository root or from a module directory beside it. */
    static Path jar(String service) {
        Path fromRoot = Path.of(service, "target", "quarkus-app", "quarkus-run.jar");
        return Files.exists(fromRoot) ? fromRoot : Path.of("..").resolve(fromRoot);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL, as a crashed machine or an OOM kill leaves the service: no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Asks all of {@code services} to shut down at once when closed, so a test's try-with-resources (which closes
     * them one after another, each waiting for its service's graceful shutdown) waits for the slowest, not the sum.
     * Declare it after the services.
     */
    static AutoCloseable stoppingTogether(ServiceProcess... services) {
        return () -> {
            for (ServiceProcess service : services) {
                service.process.destroy();
            }
        };
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
