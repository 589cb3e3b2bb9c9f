package org.efp.dr.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.Ports;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backup benchmark on a generated energy_forecast database: (a) the guide's script (pg_dump | gzip > file, then
 * upload), (b) the floor (pg_dump > /dev/null), (c) backup-service's full backup, measured in the same run; how
 * right the ETA of a FULL and a BASE backup was against the real remaining time (baseline: the naive linear guess);
 * then the WAL archive's commit → S3 latency under a steady write load.
 */
public final class BackupBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        double sizeGb = doubleArg(args, "--size-gb", 1.0);
        int runs = (int) doubleArg(args, "--runs", 1);
        int walSeconds = (int) doubleArg(args, "--wal-seconds", 30);
        Path work = Path.of("bench/target/backup-bench").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "bench", "bench-secret-" + System.nanoTime())) {
            PostgresServer primary = infra.primary();
            long dbBytes = generate(primary, sizeGb);
            System.out.printf("%nenergy_forecast: %.2f GB%n", dbBytes / 1e9);
            String pgDump = "pg_dump -h 127.0.0.1 -p " + primary.port() + " -U postgres -d energy_forecast";
            Bench.shell(pgDump + " > /dev/null");
            try (S3Client s3 = s3(infra); ServiceProcess service = ServiceProcess.start("backup-service",
                    ServiceProcess.withKafkaLogin(infra.serviceConfig(), infra, "backup-service"), work,
                    Map.of("DR_BACKUP_SCHEDULES_ENABLED", "false",
                            "DR_BACKUP_WAL_SPOOL_DIR", work.resolve("wal-spool").toString()))) {
                s3.createBucket(b -> b.bucket("guide-backups"));
                List<Double> guide = new ArrayList<>();
                List<Double> floor = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                long gzipBytes = 0;
                long ourBytes = 0;
                for (int run = 1; run <= runs; run++) {
                    floor.add(Bench.shell(pgDump + " > /dev/null"));
                    Path gz = work.resolve("energy_forecast.sql.gz");
                    double dump = Bench.shell(pgDump + " | gzip > " + gz);
                    long t0 = System.nanoTime();
                    s3.putObject(b -> b.bucket("guide-backups").key("databases/energy_forecast.sql.gz"),
                            RequestBody.fromFile(gz));
                    guide.add(dump + (System.nanoTime() - t0) / 1e9);
                    gzipBytes = Files.size(gz);
                    Files.delete(gz);
                    JsonNode done = backup(service);
                    ours.add(Duration.between(Instant.parse(done.at("/backup/startedAt").asText()),
                            Instant.parse(done.at("/backup/completedAt").asText())).toMillis() / 1000.0);
                    ourBytes = done.at("/backup/compressedBytes").asLong();
                    System.out.printf("run %d: guide %.1f s, floor %.1f s, ours %.1f s%n", run, guide.get(run - 1),
                            floor.get(run - 1), ours.get(run - 1));
                }
                double a = Bench.median(guide);
                double b = Bench.median(floor);
                double c = Bench.median(ours);
                System.out.printf("%n== full backup of %.2f GB (median of %d) ==%n", dbBytes / 1e9, runs);
                System.out.printf("(a) guide: pg_dump | gzip > file + upload   %7.1f s   %8.1f MB%n", a, gzipBytes / 1e6);
                System.out.printf("(b) floor: pg_dump > /dev/null              %7.1f s%n", b);
                System.out.printf("(c) backup-service FULL (pg_dump -Fc | zstd | S3 multipart)  %7.1f s   %8.1f MB%n",
                        c, ourBytes / 1e6);
                System.out.printf("ratio c/a = %.2f (goal <= 0.50)   c/b = %.2f (goal <= 1.20)   size c/a = %.2f%n",
                        c / a, c / b, (double) ourBytes / gzipBytes);
                for (String kind : new String[] { "FULL", "BASE" }) {
                    EtaAccuracy eta = new EtaAccuracy();
                    JsonNode done = backup(service, kind, eta);
                    double total = Duration.between(Instant.parse(done.at("/backup/startedAt").asText()),
                            Instant.parse(done.at("/backup/completedAt").asText())).toMillis() / 1000.0;
                    eta.print(kind + " backup " + done.at("/backup/backupId").asText(), total);
                    System.out.printf("progress at the end: %.1f %% (highest while running: %.1f %%)%n",
                            done.at("/progress/percent").asDouble(), eta.lastPercent());
                }
                breakdown(primary, pgDump);
                WalLag.measure(primary, service, walSeconds);
            }
        }
    }

    /** Where (c)'s time goes beyond the floor: custom format, compression, exact row counts. */
    private static void breakdown(PostgresServer primary, String pgDump) throws Exception {
        System.out.printf("%n-- where the time goes --%n");
        System.out.printf("pg_dump -Fc -Z0 > /dev/null                  %7.1f s%n",
                Bench.shell(pgDump + " -Fc -Z0 > /dev/null"));
        if (Bench.shellQuiet("command -v zstd")) {
            System.out.printf("pg_dump -Fc -Z0 | zstd -1 -T2 > /dev/null   %7.1f s%n",
                    Bench.shell(pgDump + " -Fc -Z0 | zstd -q -1 -T2 > /dev/null"));
        }
        long t0 = System.nanoTime();
        try (Connection c = primary.connect(Infrastructure.ENERGY_FORECAST); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(relname) "
                    + "FROM pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.executeQuery("SELECT count(*) FROM " + table).close();
            }
        }
        System.out.printf("exact row counts of every table (alone)     %7.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Fills energy_forecast's bench_readings table (1M meter readings per chunk) until the database is at least
     * {@code sizeGb}; returns its size in bytes. The restore benchmark generates its database the same way.
     */
    static long generate(PostgresServer primary, double sizeGb) throws Exception {
        long target = (long) (sizeGb * 1e9);
        long t0 = System.nanoTime();
        primary.execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE IF NOT EXISTS bench_readings ("
                + "meter_id integer NOT NULL, read_at timestamptz NOT NULL, consumption_kw numeric(10,3) NOT NULL, "
                + "generation_kw numeric(10,3) NOT NULL, voltage real NOT NULL, quality text NOT NULL, "
                + "PRIMARY KEY (meter_id, read_at))");
        int chunk = 0;
        while (size(primary) < target) {
            int base = chunk * 2000;
            primary.execute(Infrastructure.ENERGY_FORECAST, "INSERT INTO bench_readings SELECT m, ts, "
                    + "round((random() * 500)::numeric, 3), round((random() * 300)::numeric, 3), "
                    + "(228 + random() * 4)::real, (ARRAY['good','estimated','missing','corrected'])[1 + (random() * 3)::int] "
                    + "FROM generate_series(" + (base + 1) + ", " + (base + 2000) + ") m, "
                    + "generate_series(timestamptz '2026-01-01', timestamptz '2026-01-01' + interval '499 minutes', "
                    + "interval '1 minute') ts");
            chunk++;
        }
        primary.execute(Infrastructure.ENERGY_FORECAST, "VACUUM ANALYZE bench_readings");
        System.out.printf("generated %d x 1M readings in %.0f s%n", chunk, (System.nanoTime() - t0) / 1e9);
        return size(primary);
    }

    private static long size(PostgresServer primary) {
        return primary.queryLong(Infrastructure.ENERGY_FORECAST, "SELECT pg_database_size('energy_forecast')");
    }

    private static JsonNode backup(ServiceProcess service) throws Exception {
        return backup(service, "FULL", new EtaAccuracy());
    }

    /** Queues a backup of {@code kind} and polls it to its end, handing every progress document to {@code eta}. */
    private static JsonNode backup(ServiceProcess service, String kind, EtaAccuracy eta) throws Exception {
        HttpResponse<String> queued = service.post("/backups", "{\"target\":\"energy_forecast\",\"kind\":\""
                + kind + "\"}");
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("backup not accepted: " + queued.body());
        }
        String id = JSON.readTree(queued.body()).get("backupId").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = JSON.readTree(service.get("/backups/" + id));
            String status = view.at("/backup/status").asText();
            if (view.at("/backup/startedAt").isTextual()) {
                eta.sample(Duration.between(Instant.parse(view.at("/backup/startedAt").asText()), Instant.now())
                        .toMillis() / 1000.0, view.path("progress"));
            }
            if (status.equals("COMPLETED")) {
                return view;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("backup failed: " + view.at("/backup/error").asText());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("backup did not finish in 30 minutes");
    }

    private static S3Client s3(Infrastructure infra) {
        return S3Client.builder().endpointOverride(URI.create(infra.s3().endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(infra.s3().accessKey(), infra.s3().secretKey())))
                .build();
    }

    private static double doubleArg(String[] args, String name, double fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Double.parseDouble(args[i + 1]);
            }
        }
        return fallback;
    }

    /** Commit → S3 latency of the WAL archive while a writer commits steadily. */
    static final class WalLag {

        private WalLag() {
        }

        static void measure(PostgresServer primary, ServiceProcess service, int seconds) throws Exception {
            primary.execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE IF NOT EXISTS bench_heartbeat "
                    + "(id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            List<long[]> commits = new ArrayList<>();
            List<long[]> shipped = new ArrayList<>();
            List<Double> reportedLag = new ArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (writing.get()) {
                    try {
                        JsonNode wal = JSON.readTree(service.get("/wal"));
                        synchronized (shipped) {
                            shipped.add(new long[] {System.nanoTime(), lsn(wal.get("shippedLsn").asText())});
                        }
                        reportedLag.add(wal.get("lagSeconds").asDouble());
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            poller.start();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            try (Connection c = primary.connect(Infrastructure.ENERGY_FORECAST); Statement s = c.createStatement()) {
                while (System.nanoTime() < end) {
                    s.execute("INSERT INTO bench_heartbeat DEFAULT VALUES");
                    try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                        rs.next();
                        commits.add(new long[] {System.nanoTime(), lsn(rs.getString(1))});
                    }
                    Thread.sleep(10);
                }
            }
            Thread.sleep(10_000);
            writing.set(false);
            poller.join();
            List<Double> latencies = new ArrayList<>();
            int unshipped = 0;
            for (long[] commit : commits) {
                Double latency = null;
                synchronized (shipped) {
                    for (long[] s : shipped) {
                        if (s[0] >= commit[0] && s[1] >= commit[1]) {
                            latency = (s[0] - commit[0]) / 1e9;
                            break;
                        }
                    }
                }
                if (latency == null) {
                    unshipped++;
                } else {
                    latencies.add(latency);
                }
            }
            System.out.printf("%n== WAL archive under %d commits/s for %d s (%d commits) ==%n",
                    commits.size() / Math.max(1, seconds), seconds, commits.size());
            System.out.printf("commit -> in S3: p50 %.2f s, p99 %.2f s, max %.2f s; not shipped after 10 s: %d%n",
                    Bench.percentile(latencies, 50), Bench.percentile(latencies, 99), Bench.percentile(latencies, 100),
                    unshipped);
            System.out.printf("reported lagSeconds: max %.2f s (goal: RPO < 60 s)%n",
                    reportedLag.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }

        private static long lsn(String text) {
            String[] parts = text.split("/");
            return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
        }
    }
}
