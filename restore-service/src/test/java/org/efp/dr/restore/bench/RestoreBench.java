package org.efp.dr.restore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.restore.database.LogicalRestore;
import org.efp.dr.restore.database.PhysicalRestore;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.PhysicalFixture;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Scratch;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * Restore benchmark on one generated database (size: {@code -Dbench.size-gb}, default 1), in one run: (a) the guide's
 * {@code gunzip < dump.sql.gz | psql} from a gzip'd plain dump; (b) our logical restore of a FULL backup with its
 * checksum and row-count verification; (c) our physical restore of a BASE backup and its archived WAL. Run with
 * {@code bench/run restore}.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestoreBench {

    private static final String DB = "restore_bench";
    private static final double OBJECTIVE_SECONDS = 3600;

    @Inject
    LogicalRestore logical;

    @Inject
    PhysicalRestore physical;

    @Inject
    Scratch scratch;

    @Test
    void ourRestoreIsComparedWithTheGuidesGunzipPsqlOnTheSameDatabase() throws Exception {
        double sizeGb = Double.parseDouble(System.getProperty("bench.size-gb", "1"));
        BackupFixture backups = BackupFixture.create();
        PostgresServer primary = backups.primary();
        Path work = Files.createDirectories(Path.of("target", "restore-bench").toAbsolutePath());

        long dbBytes = BenchData.generate(primary, DB, sizeGb);
        long rows = primary.queryLong(DB, "SELECT count(*) FROM bench_readings");
        double mb = dbBytes / 1e6;
        System.out.printf("%n%s: %.0f MB, %d rows%n", DB, mb, rows);

        // (a) the guide: pg_dump | gzip > file, then gunzip < file | psql into a new database
        Path gz = work.resolve(DB + ".sql.gz");
        String conn = "-h 127.0.0.1 -p " + primary.port() + " -U postgres";
        double guideDump = shell(bin("pg_dump") + " " + conn + " -d " + DB + " | gzip > " + gz);
        primary.createDatabase("bench_guide");
        double guide = shell("gunzip < " + gz + " | " + bin("psql") + " " + conn
                + " -d bench_guide -q -v ON_ERROR_STOP=1 > /dev/null");
        assertThat(primary.queryLong("bench_guide", "SELECT count(*) FROM bench_readings")).isEqualTo(rows);
        long gzBytes = Files.size(gz);
        Files.delete(gz);
        primary.execute("postgres", "DROP DATABASE bench_guide WITH (FORCE)");
        System.out.printf("(a) guide dump %.1f s (%.0f MB gzip), restore %.1f s%n", guideDump, gzBytes / 1e6, guide);

        // (b) our logical restore of our FULL backup, verification included
        long t0 = System.nanoTime();
        BackupFixture.Backup full = backups.fullBackup(DB, "energy_forecast");
        double fullBackup = (System.nanoTime() - t0) / 1e9;
        BenchSteps logicalSteps = new BenchSteps("bench-logical-" + UUID.randomUUID());
        String restored = "bench_logical";
        t0 = System.nanoTime();
        RestoreOutcome logicalOutcome = logical.restore(request(logicalSteps, full.backupId(),
                Map.of("targetDatabase", restored)), logicalSteps);
        double ours = (System.nanoTime() - t0) / 1e9;
        assertThat(logicalOutcome.restoredFrom()).isEqualTo(full.backupId());
        assertThat(primary.queryLong(restored, "SELECT count(*) FROM bench_readings")).isEqualTo(rows);
        scratch.removeAll(logicalSteps.scratch());
        System.out.printf("(b) our FULL backup %.1f s, logical restore %.1f s %s%n", fullBackup, ours,
                logicalSteps.seconds());

        // (c) our physical restore of our BASE backup plus archived WAL, verification included
        PhysicalFixture base = new PhysicalFixture(backups);
        t0 = System.nanoTime();
        String first = base.baseBackup("energy_forecast");
        base.archiveWal("energy_forecast", first);
        double baseBackup = (System.nanoTime() - t0) / 1e9;
        String baseId = latestBase(backups);
        BenchSteps physicalSteps = new BenchSteps("bench-physical-" + UUID.randomUUID());
        t0 = System.nanoTime();
        RestoreOutcome physicalOutcome = physical.restore(request(physicalSteps, baseId, Map.of("mode", "physical")),
                physicalSteps);
        double ourPhysical = (System.nanoTime() - t0) / 1e9;
        int port = Integer.parseInt(physicalOutcome.location().replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
        long physicalRows;
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DB,
                "postgres", ""); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM bench_readings")) {
            rs.next();
            physicalRows = rs.getLong(1);
        } finally {
            scratch.removeAll(physicalSteps.scratch());
        }
        assertThat(physicalRows).isEqualTo(rows);
        System.out.printf("(c) our BASE backup + WAL %.1f s, physical restore %.1f s %s%n", baseBackup, ourPhysical,
                physicalSteps.seconds());

        System.out.printf("%n== restore of %.0f MB (%.2f GB) ==%n", mb, dbBytes / 1e9);
        line("(a) guide: gunzip < dump.sql.gz | psql", guide, mb, guide);
        line("(b) ours, logical: FULL, checksum + pg_restore -j + row counts", ours, mb, guide);
        line("(c) ours, physical: BASE + WAL replay + readable check", ourPhysical, mb, guide);
        System.out.printf("goal (b) <= 0.5 x (a): %s (%.2f); (c): %s (%.2f)%n", ours <= 0.5 * guide ? "met" : "missed",
                ours / guide, ourPhysical <= 0.5 * guide ? "met" : "missed", ourPhysical / guide);
    }

    private static void line(String name, double seconds, double mb, double guide) {
        double rate = mb / seconds;
        System.out.printf("%-66s %7.1f s  %7.1f MB/s  ratio %.2f  1 GB in %6.0f s  1 h RTO holds up to %6.1f GB%n",
                name, seconds, rate, seconds / guide, 1000 / rate, rate * OBJECTIVE_SECONDS / 1000);
    }

    private static RestoreRequest request(BenchSteps steps, String backupId, Map<String, String> parameters) {
        return new RestoreRequest(steps.jobId(), "bench", "database", RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", backupId, null, "bench", Instant.now(), null, parameters);
    }

    private String latestBase(BackupFixture backups) {
        return physical.candidates(new RestoreRequest("bench-find", "bench", "database",
                RecoveryAction.RESTORE_DATABASE, "energy_forecast", null, null, "bench", Instant.now(), null,
                Map.of("mode", "physical"))).get(0).backupId();
    }

    private static String bin(String program) {
        return OsCommand.postgresBin().resolve(program).toString();
    }

    private static double shell(String command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("failed (" + rc + "): " + command);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
