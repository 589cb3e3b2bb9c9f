package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Seeds the energy_forecast and timeseries databases with a small schema shaped like the platform's. */
public final class SampleData {

    private static final String USER_TABLES = "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
            + "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

    private SampleData() {
    }

    /**
     * Creates each database that does not exist yet and seeds it with its sample tables; a database that exists
     * but has no table at all (a start that stopped between creating and seeding it) is seeded too. A database
     * with any table is left exactly as it is: it may hold an operator's own data in another schema.
     */
    public static void seed(PostgresServer primary) {
        seed(primary, Infrastructure.ENERGY_FORECAST, "sample/energy_forecast.sql");
        seed(primary, Infrastructure.TIMESERIES, "sample/timeseries.sql");
    }

    private static void seed(PostgresServer primary, String database, String script) {
        boolean created = primary.createDatabaseIfMissing(database);
        if (created || primary.queryLong(database, USER_TABLES) == 0) {
            primary.execute(database, resource(script));
        }
    }

    static String resource(String name) {
        try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
