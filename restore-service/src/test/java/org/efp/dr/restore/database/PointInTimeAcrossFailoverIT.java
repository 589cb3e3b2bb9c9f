package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.luben.zstd.ZstdOutputStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.PhysicalFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A point-in-time restore to an instant after a failover: the base backup was taken on the old primary (timeline 1),
 * the instant lies on the promoted standby's timeline 2, and the archive holds both timelines' WAL and
 * 00000002.history, as backup-service archives them across a failover.
 */
@QuarkusTest
@TestProfile(PointInTimeAcrossFailoverIT.OwnCluster.class)
@WithTestResource(DrTestResources.class)
class PointInTimeAcrossFailoverIT {

    /** A Quarkus of its own, hence a cluster of its own whose standby this test promotes. */
    public static class OwnCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dr.restore.poll-interval", "250ms");
        }
    }

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    void aPointInTimeOnTheNewTimelineIsReachedFromABaseBackupOfTheOldPrimary() throws Exception {
        // Given
        BackupFixture backups = BackupFixture.create();
        PostgresServer oldPrimary = infra.primary();
        PostgresServer newPrimary = infra.standby();
        String database = SourceDatabase.uniqueName("ef_pitr_tli");
        oldPrimary.createDatabase(database);
        oldPrimary.execute(database, "CREATE TABLE events (name text); INSERT INTO events VALUES ('before backup')");
        String first = new PhysicalFixture(backups).baseBackup("energy_forecast");
        oldPrimary.execute(database, "INSERT INTO events VALUES ('commit A on timeline 1')");
        // The standby has replayed commit A itself (the test cluster commits asynchronously, so the primary's
        // written WAL position may still lie before A's commit record).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> newPrimary.queryLong(database,
                "SELECT count(*) FROM events WHERE name = 'commit A on timeline 1'") == 1);
        oldPrimary.stop("immediate");
        newPrimary.execute("postgres", "SELECT pg_promote(true, 60)");
        newPrimary.execute(database, "INSERT INTO events VALUES ('commit B on timeline 2')");
        Instant between = Instant.parse(text(newPrimary,
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        newPrimary.execute(database, "INSERT INTO events VALUES ('commit C on timeline 2')");
        archiveWal(backups, newPrimary, first);
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, between, Map.of());

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, Duration.ofSeconds(120));
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.recoveredTo()).isEqualTo(between);
        String location = Callers.viewer().get("/restores/" + recovery).then().statusCode(200).extract()
                .path("location");
        int port = Integer.parseInt(location.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
        String dataDir = location.replaceAll(".* data ", "");
        try {
            assertThat(rows(port, database)).containsExactly("before backup", "commit A on timeline 1",
                    "commit B on timeline 2");
        } finally {
            OsCommand.postgres(null, "pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
        }
    }

    /**
     * Archives what the promoted server holds from {@code first} on, as backup-service's archive would: timeline 1's
     * segments it streamed, timeline 2's segments (the first one starts with timeline 1's WAL up to the switch) and
     * the history file.
     */
    private static void archiveWal(BackupFixture backups, PostgresServer server, String first) throws Exception {
        server.execute("postgres", "SELECT pg_switch_wal()");
        try (Connection c = server.connect("postgres")) {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pg_ls_waldir() "
                    + "WHERE name ~ '^[0-9A-F]{8}\\.history$' "
                    + "OR (name ~ '^[0-9A-F]{24}$' AND substr(name, 9) >= substr(?, 9)) ORDER BY name")) {
                ps.setString(1, first);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            assertThat(names).as("WAL on the promoted server").contains("00000002.history");
            for (String name : names) {
                byte[] content;
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_read_binary_file('pg_wal/' || ?)")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        content = rs.getBytes(1);
                    }
                }
                ByteArrayOutputStream compressed = new ByteArrayOutputStream();
                try (ZstdOutputStream z = new ZstdOutputStream(compressed, 1)) {
                    z.write(content);
                }
                backups.s3().putObject(b -> b.bucket(Infrastructure.BUCKET).key("wal/energy_forecast/" + name + ".zst"),
                        RequestBody.fromBytes(compressed.toByteArray()));
            }
        }
    }

    private static String text(PostgresServer server, String sql) throws Exception {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rows(int port, String database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM events ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
