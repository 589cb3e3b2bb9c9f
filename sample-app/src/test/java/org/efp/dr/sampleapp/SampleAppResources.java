package org.efp.dr.sampleapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.PrometheusServer;
import org.efp.dr.testkit.SampleData;
import org.efp.dr.testkit.SampleModels;

/**
 * What the app runs against in tests, all real: an energy_forecast PostgreSQL seeded with the sample data, a model
 * directory seeded as the local run seeds it, and a Prometheus scraping the app every second (job sample-app).
 */
public class SampleAppResources implements QuarkusTestResourceLifecycleManager {

    private PostgresServer database;
    private PrometheusServer prometheus;

    @Override
    public Map<String, String> start() {
        Path root = place().resolve("run-" + ProcessHandle.current().pid());
        database = PostgresServer.primary("energy", root.resolve("energy"), Ports.free(), false).start();
        SampleData.seed(database);
        Path models = root.resolve("models");
        SampleModels.seedLocal(models);
        int port = Ports.free();
        prometheus = new PrometheusServer(root.resolve("prometheus"), Ports.free(), new PrometheusServer.Settings(
                Map.of("sample-app", List.of("127.0.0.1:" + port)), List.of(), null, Duration.ofSeconds(1))).start();
        return Map.of("quarkus.http.test-port", String.valueOf(port),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(Infrastructure.ENERGY_FORECAST),
                "app.models-dir", models.toString(),
                "test.prometheus.url", prometheus.url());
    }

    private static Path place() {
        Path target = Path.of("target", "sample-app-it").toAbsolutePath();
        try {
            Files.createDirectories(target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return OsCommand.usable(target) ? target : Path.of(System.getProperty("java.io.tmpdir"), "sample-app-it");
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
