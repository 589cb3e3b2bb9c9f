package org.efp.dr.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Topics;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestSigningKeys;

/**
 * restore-service's restores on a generated energy_forecast database (size {@code --size-gb}, default 1), against
 * the guide's {@code gunzip < dump.sql.gz | psql} measured in the same run: (b) a logical restore of a FULL backup
 * (checksums, {@code pg_restore -j}, row counts) into a new database and (c) a physical restore of a BASE backup plus
 * the archived WAL into a new cluster. backup-service and restore-service run from their jars on the test kit's
 * infrastructure; the backups are taken and the restores asked for through their REST APIs, as an operator would.
 * Times are the ones restore-service reports for its jobs, step times come from its RecoveryStepCompleted events.
 * Numbers go to stdout and bench/target/restore-bench/report.txt.
 */
public final class RestoreServiceBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The guide's RTO of the database. */
    private static final double RTO_SECONDS = 3600;
    private static final String GUIDE_DB = "bench_guide";
    private static final String LOGICAL_DB = "bench_logical";
    private static final Pattern CLUSTER = Pattern.compile("cluster 127\\.0\\.0\\.1:(\\d+) data (\\S+)");

    /** One restore job as restore-service reported it: its own duration and each step's. */
    private record Restore(String jobId, double seconds, String location, Map<String, Double> steps) {
    }

    private RestoreServiceBench() {
    }

    public static void main(String[] args) throws Exception {
        double sizeGb = Bench.option(args, "--size-gb", 1.0);
        Path work = Path.of("bench/target/restore-bench").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "bench", "bench-secret-" + System.nanoTime())) {
            PostgresServer primary = infra.primary();
            long dbBytes = BackupBench.generate(primary, sizeGb);
            long rows = primary.queryLong(Infrastructure.ENERGY_FORECAST, "SELECT count(*) FROM bench_readings");
            System.out.printf("%nenergy_forecast: %.0f MB, %d rows in bench_readings%n", dbBytes / 1e6, rows);
            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            // Manifests are signed by backup-service and checked by restore-service, as in production.
            config.put(TestSigningKeys.PROPERTY, TestSigningKeys.keys());
            try (ServiceProcess backups = ServiceProcess.start("backup-service",
                    ServiceProcess.withKafkaLogin(config, infra, "backup-service"), work,
                    Map.of("DR_BACKUP_SCHEDULES_ENABLED", "false",
                            "DR_BACKUP_WAL_SPOOL_DIR", work.resolve("wal-spool").toString()));
                    ServiceProcess restores = ServiceProcess.start("restore-service",
                            ServiceProcess.withKafkaLogin(config, infra, "restore-service"), work,
                            Map.of("DR_RESTORE_WORK_DIR", work.resolve("restore-work").toString(),
                                    "DR_MODELS_DIR", work.resolve("models").toString(),
                                    "DR_RESTORE_DRILLS_SCHEDULED", "false"));
                    KafkaConsumer<String, String> events = consumer(infra)) {
                String report = measure(primary, backups, restores, events, work, dbBytes, rows);
                System.out.println(report);
                Files.writeString(work.resolve("report.txt"), report);
            }
        }
    }

    private static String measure(PostgresServer primary, ServiceProcess backups, ServiceProcess restores,
            KafkaConsumer<String, String> events, Path work, long dbBytes, long rows) throws Exception {
        // (a) the guide: pg_dump | gzip > file, then gunzip < file | psql into a new database
        Path gz = work.resolve("energy_forecast.sql.gz");
        String conn = "-h 127.0.0.1 -p " + primary.port() + " -U " + PostgresServer.USER;
        double guideDump = Bench.shell(bin("pg_dump") + " " + conn + " -d " + Infrastructure.ENERGY_FORECAST
                + " | gzip > " + gz);
        primary.createDatabase(GUIDE_DB);
        double guide = Bench.shell("gunzip < " + gz + " | " + bin("psql") + " " + conn + " -d " + GUIDE_DB
                + " -q -v ON_ERROR_STOP=1 > /dev/null");
        expectRows("the guide's restore", primary.queryLong(GUIDE_DB, "SELECT count(*) FROM bench_readings"), rows);
        long gzBytes = Files.size(gz);
        Files.delete(gz);
        primary.execute("postgres", "DROP DATABASE " + GUIDE_DB + " WITH (FORCE)");
        System.out.printf("(a) guide: dump %.1f s (%.0f MB gzip), gunzip | psql %.1f s%n", guideDump, gzBytes / 1e6,
                guide);

        // The backups the restores start from, taken by backup-service as an operator asks for them.
        JsonNode full = backup(backups, "FULL");
        JsonNode base = backup(backups, "BASE");
        awaitArchived(primary, backups);
        System.out.printf("backups: FULL %s %.1f s, BASE %s %.1f s%n", full.at("/backup/backupId").asText(),
                backupSeconds(full), base.at("/backup/backupId").asText(), backupSeconds(base));

        // (c) physical restore of the BASE backup and the archived WAL into a new cluster, verified by restore-service;
        // first, so the WAL it replays is the base backup's own and not (b)'s load as well
        Restore physical = restore(restores, events, "{\"target\":\"energy_forecast\",\"backupId\":\""
                + base.at("/backup/backupId").asText() + "\",\"parameters\":{\"mode\":\"physical\"}}");
        Matcher cluster = CLUSTER.matcher(physical.location());
        if (!cluster.find()) {
            throw new IllegalStateException("physical restore reported no cluster: " + physical.location());
        }
        Path dataDir = Path.of(cluster.group(2));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.group(1) + "/"
                + Infrastructure.ENERGY_FORECAST, PostgresServer.USER, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_readings")) {
            rs.next();
            expectRows("the physical restore", rs.getLong(1), rows);
        } finally {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w",
                    "stop");
        }
        System.out.printf("(c) physical restore %s %.1f s %s%n", physical.jobId(), physical.seconds(),
                physical.steps());

        // (b) logical restore of the FULL backup into a new database, verified likewise
        Restore logical = restore(restores, events, "{\"target\":\"energy_forecast\",\"backupId\":\""
                + full.at("/backup/backupId").asText() + "\",\"parameters\":{\"mode\":\"logical\","
                + "\"targetDatabase\":\"" + LOGICAL_DB + "\"}}");
        expectRows("the logical restore", primary.queryLong(LOGICAL_DB, "SELECT count(*) FROM bench_readings"),
                rows);
        primary.execute("postgres", "DROP DATABASE " + LOGICAL_DB + " WITH (FORCE)");
        System.out.printf("(b) logical restore %s %.1f s %s%n", logical.jobId(), logical.seconds(), logical.steps());

        double mb = dbBytes / 1e6;
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n== restore of energy_forecast, %.0f MB (%.2f GB, %d rows), 1 h database RTO ==%n",
                mb, dbBytes / 1e9, rows));
        out.append(String.format("%-58s %8s %8s %7s %9s %10s %14s%n", "path", "seconds", "MB/s", "vs (a)",
                "RTO used", "RTO margin", "1 h RTO holds"));
        out.append(line("(a) guide: gunzip < dump.sql.gz | psql", guide, mb, guide));
        out.append(line("(b) restore-service logical: FULL, checksums + row counts", logical.seconds(), mb, guide));
        out.append(line("(c) restore-service physical: BASE + WAL replay, readable", physical.seconds(), mb, guide));
        out.append(String.format("goal <= 0.5 x (a): (b) %s (%.2f), (c) %s (%.2f)%n",
                logical.seconds() <= 0.5 * guide ? "met" : "missed", logical.seconds() / guide,
                physical.seconds() <= 0.5 * guide ? "met" : "missed", physical.seconds() / guide));
        out.append(steps("(b)", logical)).append(steps("(c)", physical));
        out.append(String.format("backups taken by backup-service: FULL %.1f s, BASE %.1f s; guide's dump | gzip "
                + "%.1f s, %.0f MB%n", backupSeconds(full), backupSeconds(base), guideDump, gzBytes / 1e6));
        out.append("(b) and (c): restore-service's job startedAt -> completedAt; steps from its "
                + "RecoveryStepCompleted events\n");
        return out.toString();
    }

    private static String line(String name, double seconds, double mb, double guide) {
        double rate = mb / seconds;
        return String.format("%-58s %8.1f %8.1f %7.2f %8.2f%% %9.0f s %11.1f GB%n", name, seconds, rate,
                seconds / guide, 100 * seconds / RTO_SECONDS, RTO_SECONDS - seconds, rate * RTO_SECONDS / 1000);
    }

    private static String steps(String label, Restore restore) {
        StringBuilder line = new StringBuilder("steps of " + label + ":");
        restore.steps().forEach((step, seconds) -> line.append(String.format(" %s %.1f s,", step, seconds)));
        line.setLength(line.length() - 1);
        // Claiming the job, its start and end events, and a first job's first use of the S3 client.
        double inSteps = restore.steps().values().stream().mapToDouble(Double::doubleValue).sum();
        return line.append(String.format("; outside the steps %.1f s%n", restore.seconds() - inSteps)).toString();
    }

    private static void expectRows(String what, long restored, long expected) {
        if (restored != expected) {
            throw new IllegalStateException(what + " holds " + restored + " readings, not " + expected);
        }
    }

    /** Queues a backup of energy_forecast and polls it to its end. */
    private static JsonNode backup(ServiceProcess service, String kind) throws Exception {
        HttpResponse<String> queued = service.post("/backups", "{\"target\":\"energy_forecast\",\"kind\":\""
                + kind + "\"}");
        if (queued.statusCode() != 202) {
            throw new IllegalStateException(kind + " backup not accepted: " + queued.body());
        }
        String id = JSON.readTree(queued.body()).get("backupId").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = JSON.readTree(service.get("/backups/" + id));
            String status = view.at("/backup/status").asText();
            if (status.equals("COMPLETED")) {
                return view;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException(kind + " backup failed: " + view.at("/backup/error").asText());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(kind + " backup did not finish in 30 minutes");
    }

    private static double backupSeconds(JsonNode view) {
        return seconds(view.at("/backup/startedAt").asText(), view.at("/backup/completedAt").asText());
    }

    /** Waits until backup-service's WAL archive holds everything the primary wrote so far (the physical path's WAL). */
    private static void awaitArchived(PostgresServer primary, ServiceProcess backups) throws Exception {
        String written;
        try (Connection c = primary.connect(Infrastructure.ENERGY_FORECAST); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            written = rs.getString(1);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode wal = JSON.readTree(backups.get("/wal"));
            if (wal.path("shippedLsn").isTextual() && lsn(wal.path("shippedLsn").asText()) >= lsn(written)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the WAL archive did not reach " + written + " in 5 minutes");
    }

    /**
     * Asks restore-service for a restore, polls the job to its end and collects its steps' times from the
     * RecoveryStepCompleted events it published.
     */
    private static Restore restore(ServiceProcess service, KafkaConsumer<String, String> events, String body)
            throws Exception {
        HttpResponse<String> queued = service.post("/restores", body);
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("restore not accepted (" + queued.statusCode() + "): " + queued.body());
        }
        String jobId = JSON.readTree(queued.body()).get("jobId").asText();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Double> times = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            collectSteps(events, jobId, names, times);
            JsonNode view = JSON.readTree(service.get("/restores/" + jobId));
            String status = view.path("status").asText();
            if (status.equals("SUCCEEDED")) {
                job = view;
                break;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("restore " + jobId + " failed: " + view.path("error").asText());
            }
        }
        if (job == null) {
            throw new IllegalStateException("restore " + jobId + " did not finish in 60 minutes");
        }
        // The steps' events are relayed from restore-service's outbox, so the last ones may still be on their way.
        int stepsDone = job.path("stepsDone").asInt();
        long eventsDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (times.size() < stepsDone && System.nanoTime() < eventsDeadline) {
            collectSteps(events, jobId, names, times);
        }
        Map<String, Double> steps = new LinkedHashMap<>();
        names.forEach((index, name) -> steps.put(name, times.get(index)));
        return new Restore(jobId, seconds(job.path("startedAt").asText(), job.path("completedAt").asText()),
                job.path("location").asText(), steps);
    }

    private static void collectSteps(KafkaConsumer<String, String> events, String jobId, Map<Integer, String> names,
            Map<Integer, Double> times) {
        for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
            try {
                if (EventCodec.decode(record.value()).payload() instanceof RecoveryStepCompleted step
                        && step.recoveryId().equals(jobId)) {
                    names.put(step.stepIndex(), step.step());
                    times.put(step.stepIndex(),
                            Duration.between(step.startedAt(), step.completedAt()).toMillis() / 1000.0);
                }
            } catch (RuntimeException e) {
                // not an event of this run's restores
            }
        }
    }

    private static double seconds(String from, String to) {
        return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1000.0;
    }

    private static long lsn(String text) {
        String[] parts = text.split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    private static String bin(String program) {
        return OsCommand.postgresBin().resolve(program).toString();
    }

    private static KafkaConsumer<String, String> consumer(Infrastructure infra) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(infra.kafka().adminConfig(Map.of(
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "latest")), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.RECOVERIES));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }
}
