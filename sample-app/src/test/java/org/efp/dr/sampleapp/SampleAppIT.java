package org.efp.dr.sampleapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The sample app serves forecasts from the model its live directory points at, follows a switch of that directory,
 * and its request and model-quality metrics reach a real Prometheus.
 */
@QuarkusTest
@WithTestResource(SampleAppResources.class)
class SampleAppIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "test.prometheus.url")
    String prometheus;

    @ConfigProperty(name = "app.models-dir")
    Path models;

    @Test
    void viewerGetsTheNextHoursOfASiteFromTheServedModel() {
        // When
        Response response = given().auth().preemptive().basic("victor", "test-viewer-pw")
                .queryParam("hours", 6).get("/api/v1/forecasts/3");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("modelVersion")).isEqualTo("1.1.0");
        assertThat(response.jsonPath().getString("siteName")).isEqualTo("site-3");
        List<Map<String, Object>> points = response.jsonPath().getList("points");
        assertThat(points).hasSize(6);
        Instant first = Instant.parse((String) points.get(0).get("targetTime"));
        double expected = 20 + 3 + 10 * Math.sin(first.getEpochSecond() / 3600.0);
        assertThat(((Number) points.get(0).get("predictedMw")).doubleValue()).isCloseTo(expected,
                org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void forecastsNeedTheViewerRoleAndBadInputIsAProblem() {
        given().get("/api/v1/forecasts/3").then().statusCode(401);
        given().auth().preemptive().basic("nora", "test-norole-pw").get("/api/v1/forecasts/3").then().statusCode(403);
        given().auth().preemptive().basic("victor", "test-viewer-pw").get("/api/v1/forecasts/abc").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("site id"));
        given().auth().preemptive().basic("victor", "test-viewer-pw").get("/api/v1/forecasts/9999").then()
                .statusCode(404).body("detail", containsString("no site 9999"));
    }

    @Test
    void requestsLatencyAndModelErrorOfTheServedVersionReachPrometheus() {
        // Given
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic("victor", "test-viewer-pw").get("/api/v1/forecasts/" + (i + 1))
                    .then().statusCode(200);
        }

        // Then
        String version = "job=\"sample-app\",model_version=\"1.1.0\"";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(query("sum(forecast_requests_total{" + version + ",outcome=\"ok\"})")).isGreaterThanOrEqualTo(5);
            assertThat(query("sum(forecast_request_duration_seconds_count{" + version + "})"))
                    .isGreaterThanOrEqualTo(5);
            assertThat(query("max(forecast_model_mean_absolute_error_mw{" + version + "})")).isLessThan(0.01);
        });
    }

    @Test
    void aSwitchOfTheLiveDirectoryIsServedAndScoredWithoutARestart() throws Exception {
        // Given
        Path current = models.resolve("current");
        Path before = Files.readSymbolicLink(current);

        try {
            // When
            relink(current, Path.of("versions/1.2.0-rc1"));

            // Then
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                given().auth().preemptive().basic("victor", "test-viewer-pw").get("/api/v1/forecasts/1").then()
                        .statusCode(200).body("modelVersion", org.hamcrest.Matchers.equalTo("1.2.0-rc1"));
                assertThat(query("max(forecast_model_mean_absolute_error_mw{job=\"sample-app\","
                        + "model_version=\"1.2.0-rc1\"})")).isGreaterThan(5);
            });
        } finally {
            relink(current, before);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().preemptive()
                    .basic("victor", "test-viewer-pw").get("/api/v1/forecasts/1").then()
                    .body("modelVersion", org.hamcrest.Matchers.equalTo(before.getFileName().toString())));
        }
    }

    @Test
    void aServedVersionWhoseModelCannotBeReadFailsItsForecastsAsErrorsOfThatVersion() throws Exception {
        // Given
        Path current = models.resolve("current");
        Path before = Files.readSymbolicLink(current);
        Path broken = Files.createDirectories(models.resolve("versions/broken-1"));
        Files.writeString(broken.resolve("model.json"), "{\"name\": \"load-forecast\", \"intercept\": ");

        try {
            // When
            relink(current, Path.of("versions/broken-1"));

            // Then
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                given().auth().preemptive().basic("victor", "test-viewer-pw").get("/api/v1/forecasts/2").then()
                        .statusCode(503).contentType("application/problem+json")
                        .body("detail", containsString("model.json of broken-1 unreadable"));
                given().get("/q/health/ready").then().statusCode(503);
                given().get("/q/health/group/model").then().statusCode(503);
                assertThat(given().get("/q/metrics").asString()).contains(
                        "forecast_requests_total{model_version=\"broken-1\",outcome=\"error\"}");
            });
        } finally {
            relink(current, before);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(200));
        }
    }

    @Test
    void aLiveModelDirectoryThatDisappearedFailsTheModelGroupAloneUntilItIsBack() throws Exception {
        // Given
        Path current = models.resolve("current");
        Path before = Files.readSymbolicLink(current);
        given().get("/q/health/group/model").then().statusCode(200);

        try {
            // When
            Files.delete(current);

            // Then
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/group/model").then()
                    .statusCode(503).body("checks[0].name", org.hamcrest.Matchers.equalTo("model"))
                    .body("checks[0].data.problem", containsString("current link")));
            assertThat(given().get("/q/health/group/model").jsonPath().getList("checks")).hasSize(1);
        } finally {
            relink(current, before);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/group/model").then()
                    .statusCode(200));
        }
    }

    @Test
    void aVersionRestoredFromAModelBackupServesTheModelInItsModelsDirectory() throws Exception {
        // Given: the layout a model backup of the models and metadata directories restores to
        Path current = models.resolve("current");
        Path before = Files.readSymbolicLink(current);
        Path restored = Files.createDirectories(models.resolve("versions/restored-1/models"));
        Files.writeString(restored.resolve("model.json"), org.efp.dr.testkit.SampleModels.json("restored-1",
                org.efp.dr.testkit.SampleModels.GOOD));
        Files.createDirectories(models.resolve("versions/restored-1/metadata"));

        try {
            // When
            relink(current, Path.of("versions/restored-1"));

            // Then
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().preemptive()
                    .basic("victor", "test-viewer-pw").get("/api/v1/forecasts/1").then().statusCode(200)
                    .body("modelVersion", org.hamcrest.Matchers.equalTo("restored-1")));
        } finally {
            relink(current, before);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().preemptive()
                    .basic("victor", "test-viewer-pw").get("/api/v1/forecasts/1").then()
                    .body("modelVersion", org.hamcrest.Matchers.equalTo(before.getFileName().toString())));
        }
    }

    private static void relink(Path link, Path target) throws Exception {
        Path tmp = link.resolveSibling(".current.test");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private double query(String promql) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        assertThat(result.size()).as("series of " + promql).isGreaterThan(0);
        return Double.parseDouble(result.path(0).path("value").path(1).asText());
    }
}
