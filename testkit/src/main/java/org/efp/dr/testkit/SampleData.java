package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Seeds the energy_forecast and timeseries databases with a small schema shaped like the platform's. */
public final class SampleData {

    private SampleData() {
    }

    /** Creates both databases and their sample tables unless they exist. */
    public static void seed(PostgresServer primary) {
        primary.createDatabase(Infrastructure.ENERGY_FORECAST);
        primary.createDatabase(Infrastructure.TIMESERIES);
        primary.execute(Infrastructure.ENERGY_FORECAST, resource("sample/energy_forecast.sql"));
        primary.execute(Infrastructure.TIMESERIES, resource("sample/timeseries.sql"));
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
