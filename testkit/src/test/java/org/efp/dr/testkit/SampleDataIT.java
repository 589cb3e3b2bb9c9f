package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample data goes into new databases only: a restart never touches what an operator loaded. */
class SampleDataIT {

    private Path home;
    private PostgresServer primary;

    @BeforeEach
    void startPrimary() {
        String name = "sample-data-it-" + UUID.randomUUID();
        Path underTarget = Path.of("target", "dr-infra").toAbsolutePath().resolve(name);
        home = OsCommand.usable(underTarget.getParent()) ? underTarget
                : Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-infra", name);
        primary = PostgresServer.primary("sample-data-it", home, Ports.free(), false).start();
    }

    @AfterEach
    void stop() {
        primary.close();
        TestInfrastructure.delete(home);
    }

    @Test
    void aNewDatabaseIsSeededWithTheSampleTables() {
        // When
        SampleData.seed(primary);

        // Then
        assertThat(primary.queryLong(Infrastructure.ENERGY_FORECAST, "SELECT count(*) FROM sites")).isPositive();
        assertThat(primary.queryLong(Infrastructure.TIMESERIES,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isPositive();
    }

    @Test
    void aRestartLeavesAnOperatorsOwnDataAsItIs() {
        // Given: the operator replaced the sample schema with their own data in another schema
        SampleData.seed(primary);
        primary.execute(Infrastructure.ENERGY_FORECAST, """
                DROP SCHEMA public CASCADE;
                CREATE SCHEMA forecasting;
                CREATE TABLE forecasting.sites (id bigint PRIMARY KEY, label text NOT NULL);
                INSERT INTO forecasting.sites VALUES (1, 'north'), (2, 'south'), (3, 'east');
                """);

        // When: the next start seeds again
        SampleData.seed(primary);

        // Then: nothing was added or changed
        assertThat(primary.queryLong(Infrastructure.ENERGY_FORECAST, "SELECT count(*) FROM forecasting.sites"))
                .isEqualTo(3);
        assertThat(primary.queryLong(Infrastructure.ENERGY_FORECAST,
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'")).isZero();
    }
}
