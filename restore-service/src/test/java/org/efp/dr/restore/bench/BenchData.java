package org.efp.dr.restore.bench;

import org.efp.dr.testkit.PostgresServer;

/** Generates a meter-readings table of the requested size, 1M rows per chunk, as the backup benchmark does. */
final class BenchData {

    private BenchData() {
    }

    /** Creates {@code database} and fills it to at least {@code sizeGb}; returns its size in bytes. */
    static long generate(PostgresServer primary, String database, double sizeGb) {
        long target = (long) (sizeGb * 1e9);
        long t0 = System.nanoTime();
        primary.createDatabase(database);
        primary.execute(database, "CREATE TABLE bench_readings (meter_id integer NOT NULL, "
                + "read_at timestamptz NOT NULL, consumption_kw numeric(10,3) NOT NULL, "
                + "generation_kw numeric(10,3) NOT NULL, voltage real NOT NULL, quality text NOT NULL, "
                + "PRIMARY KEY (meter_id, read_at))");
        int chunk = 0;
        while (size(primary, database) < target) {
            int base = chunk * 2000;
            primary.execute(database, "INSERT INTO bench_readings SELECT m, ts, "
                    + "round((random() * 500)::numeric, 3), round((random() * 300)::numeric, 3), "
                    + "(228 + random() * 4)::real, "
                    + "(ARRAY['good','estimated','missing','corrected'])[1 + (random() * 3)::int] "
                    + "FROM generate_series(" + (base + 1) + ", " + (base + 2000) + ") m, "
                    + "generate_series(timestamptz '2026-01-01', timestamptz '2026-01-01' + interval '499 minutes', "
                    + "interval '1 minute') ts");
            chunk++;
        }
        primary.execute(database, "VACUUM ANALYZE bench_readings");
        System.out.printf("generated %d x 1M readings in %.0f s%n", chunk, (System.nanoTime() - t0) / 1e9);
        return size(primary, database);
    }

    private static long size(PostgresServer primary, String database) {
        return primary.queryLong(database, "SELECT pg_database_size(current_database())");
    }
}
