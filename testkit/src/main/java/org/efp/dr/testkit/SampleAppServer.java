package org.efp.dr.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The sample Energy Forecast app (module {@code sample-app}, its built {@code quarkus-run.jar}) as a child process on
 * 127.0.0.1: reads energy_forecast at {@code jdbcUrl}, serves the model {@code modelsDir/current} points at, and
 * reloads and scores it every {@code interval}. One viewer user, named {@link #VIEWER}, reads forecasts.
 */
public final class SampleAppServer extends LocalServer {

    private static final Logger LOG = Logger.getLogger(SampleAppServer.class);
    public static final String VIEWER = "viewer";

    private final Path home;
    private final int port;
    private final String jdbcUrl;
    private final Path modelsDir;
    private final Duration interval;
    private final String viewerPassword;

    public SampleAppServer(Path home, int port, String jdbcUrl, Path modelsDir, Duration interval,
            String viewerPassword) {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.jdbcUrl = jdbcUrl;
        this.modelsDir = modelsDir.toAbsolutePath();
        this.interval = interval;
        this.viewerPassword = viewerPassword;
    }

    /**
     * The app's runnable jar in this checkout ({@code DR_ROOT}, else the working directory or its parent, as Maven
     * runs a module's tests in the module): the root build lists sample-app before the services, so it is built first.
     */
    public static Path jar() {
        String root = System.getenv("DR_ROOT");
        List<Path> roots = root == null || root.isBlank() ? List.of(Path.of("").toAbsolutePath(),
                Path.of("").toAbsolutePath().getParent()) : List.of(Path.of(root).toAbsolutePath());
        for (Path r : roots) {
            Path jar = r.resolve("sample-app/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("sample-app is not built (no sample-app/target/quarkus-app/quarkus-run.jar "
                + "under " + roots + "): run mvn install -DskipTests -pl sample-app first");
    }

    /** Starts the app and waits until it is live (it is ready only once a usable model serves). */
    public SampleAppServer start() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("DR_ENERGY_FORECAST_URL", jdbcUrl);
        env.put("DR_MODELS_DIR", modelsDir.toString());
        env.put("APP_MODELS_RELOAD_INTERVAL", interval.toMillis() + "ms");
        env.put("APP_QUALITY_INTERVAL", interval.toMillis() + "ms");
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_" + VIEWER.toUpperCase(), viewerPassword);
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_" + VIEWER.toUpperCase(), "viewer");
        process = ServerProcess.start("sample-app", home, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", jar().toString()), env);
        process.awaitReady(Duration.ofSeconds(60), () -> ServerProcess.answers(url() + "/q/health/live"));
        LOG.infof("sample app up url=%s models=%s", url(), modelsDir);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return process.log();
    }
}
