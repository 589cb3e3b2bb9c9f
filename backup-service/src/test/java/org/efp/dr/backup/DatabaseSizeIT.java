package org.efp.dr.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The energy_forecast database's size as Prometheus scrapes it from /q/metrics, against what PostgreSQL says
 * (the test profile samples every second).
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class DatabaseSizeIT {

    private static final Pattern SIZE = Pattern.compile(
            "(?m)^dr_database_size_bytes\\{[^}]*database=\"energy_forecast\"[^}]*\\}\\s+(\\S+)");
    /** The database changes a little on its own (the catalog, other writers); a sample is at most a second old. */
    private static final long TOLERANCE_BYTES = 2L * 1024 * 1024;
    private static final long GROWTH_BYTES = 16L * 1024 * 1024;

    private final Infrastructure infra = TestInfrastructure.shared();
    private final String table = "size_probe_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void dropProbe() {
        infra.primary().execute(Infrastructure.ENERGY_FORECAST, "DROP TABLE IF EXISTS " + table);
    }

    @Test
    void theGaugeFollowsTheDatabaseAsItGrows() {
        // Given: the database grown by at least 16 MiB of incompressible rows
        long before = databaseSize();
        infra.primary().execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE " + table + " AS SELECT g AS id, "
                + "md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text) AS pad FROM generate_series(1, 200000) g");

        // When / Then: a sample taken after the growth is published, and it agrees with PostgreSQL
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            OptionalDouble gauge = scrapedSize();
            long actual = databaseSize();
            assertThat(gauge).as("dr_database_size_bytes{database=\"energy_forecast\"} on /q/metrics").isPresent();
            assertThat((long) gauge.getAsDouble()).as("the gauge reflects the growth (not a stale sample)")
                    .isGreaterThanOrEqualTo(before + GROWTH_BYTES)
                    .isBetween(actual - TOLERANCE_BYTES, actual + TOLERANCE_BYTES);
        });
    }

    private long databaseSize() {
        return infra.primary().queryLong(Infrastructure.ENERGY_FORECAST,
                "SELECT pg_database_size('energy_forecast')");
    }

    private static OptionalDouble scrapedSize() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = SIZE.matcher(metrics);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
