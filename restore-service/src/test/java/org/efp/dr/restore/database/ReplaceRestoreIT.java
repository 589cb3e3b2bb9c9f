package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * {@code replace=true} restores into a new database and swaps it in only once it verified: the live database is
 * never dropped, a failed restore leaves it as it was, a good one keeps it aside under another name.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class ReplaceRestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final BackupFixture backups = BackupFixture.create();
    private final PostgresServer primary = backups.primary();

    @Test
    void failedReplacingRestoreLeavesTheLiveDatabaseAndItsRowsUntouched() {
        // Given: a live database that changed since its backup, and a backup that will not verify
        String database = SourceDatabase.uniqueName("ef_keep");
        SourceDatabase.create(primary, database, 300);
        BackupFixture.Backup lying = backups.fullBackup(database, "energy_forecast",
                Map.of("public.forecasts", 301L));
        SourceDatabase.addForecasts(primary, database, 50);
        Map<String, String> live = SourceDatabase.fingerprint(primary, database);
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", lying.backupId(), null, Map.of("targetDatabase", database, "replace", "true"));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("public.forecasts has 300 rows, backup had 301");
        assertThat(SourceDatabase.fingerprint(primary, database)).isEqualTo(live);
        assertThat(databasesLike(database + "\\_\\_%")).as("temporary database dropped, nothing set aside").isZero();
    }

    @Test
    void goodReplacingRestoreSwapsTheRestoredDatabaseInAndKeepsTheReplacedOneAside() throws SQLException {
        // Given
        String database = SourceDatabase.uniqueName("ef_swap");
        SourceDatabase.create(primary, database, 400);
        Map<String, String> backedUp = SourceDatabase.fingerprint(primary, database);
        backups.fullBackup(database, "energy_forecast");
        SourceDatabase.addForecasts(primary, database, 25);
        Map<String, String> before = SourceDatabase.fingerprint(primary, database);
        String recovery = "rec-" + UUID.randomUUID();

        // When: a client stays connected to the live database
        try (Connection client = primary.connect(database)) {
            RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                    "energy_forecast", null, null, Map.of("targetDatabase", database, "replace", "true"));
            RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);

            // Then
            assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
            assertThat(client.isValid(2)).as("its session was ended for the swap").isFalse();
            assertThat(SourceDatabase.fingerprint(primary, database)).isEqualTo(backedUp);
            String aside = asideOf(database);
            assertThat(SourceDatabase.fingerprint(primary, aside)).as("replaced database kept").isEqualTo(before);
            assertThat(databasesLike(database + "\\_\\_restore\\_%")).isZero();
            assertThat(completed.nextSteps()).singleElement().asString().contains(aside);
            assertThat(RecoveryEvents.forIncident(completed.incidentId()))
                    .filteredOn(RecoveryStepCompleted.class::isInstance).map(e -> (RecoveryStepCompleted) e)
                    .filteredOn(s -> s.step().equals("swap into place")).singleElement()
                    .satisfies(s -> assertThat(s.detail()).contains("kept as " + aside));
        }
    }

    private String asideOf(String database) throws SQLException {
        try (Connection c = primary.connect("postgres"); var ps = c.prepareStatement(
                "SELECT datname FROM pg_database WHERE datname LIKE ? ESCAPE '!'")) {
            ps.setString(1, database + "!_!_replaced!_%");
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a database kept aside").isTrue();
                return rs.getString(1);
            }
        }
    }

    private long databasesLike(String pattern) {
        return primary.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '" + pattern + "'");
    }
}
