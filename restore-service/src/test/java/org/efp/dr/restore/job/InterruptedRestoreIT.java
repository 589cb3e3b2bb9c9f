package org.efp.dr.restore.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class InterruptedRestoreIT {

    @Inject
    DataSource dataSource;

    @Test
    void restoreLeftRunningByACrashedWorkerEndsFailedWithItsScratchTargetsRemoved() throws Exception {
        // Given: what a worker killed mid-restore leaves behind
        PostgresServer primary = TestInfrastructure.shared().primary();
        String half = SourceDatabase.uniqueName("ef_half");
        primary.createDatabase(half);
        Path download = Files.createTempDirectory("restore-job");
        Files.writeString(download.resolve("dump.pgc"), "partial");
        String jobId = "rec-" + UUID.randomUUID();
        String incident = "inc-" + UUID.randomUUID();
        RestoreRequest request = new RestoreRequest(jobId, incident, "database", RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, null, "test", Instant.now(), null, Map.of("targetDatabase", half));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO restore_job (job_id, incident_id, kind, request, status, owner, heartbeat_at, "
                        + "attempts, steps_done, scratch, started_at) VALUES (?, ?, 'DATABASE', ?, 'RUNNING', "
                        + "'crashed-worker', now() - interval '10 minutes', 1, 2, ?, now() - interval '11 minutes')")) {
            ps.setString(1, jobId);
            ps.setString(2, incident);
            ps.setString(3, RestoreRequest.encode(request));
            ps.setArray(4, c.createArrayOf("text", new String[] {"dir:" + download,
                    "db:127.0.0.1:" + primary.port() + ":" + half}));
            ps.executeUpdate();
        }

        // When
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(jobId, Duration.ofSeconds(30));

        // Then
        assertThat(completed.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(completed.error()).contains("interrupted").contains("2 step(s) done");
        assertThat(download).doesNotExist();
        assertThat(primary.queryLong("postgres",
                "SELECT count(*) FROM pg_database WHERE datname = '" + half + "'")).isZero();
        Callers.viewer().get("/restores/" + jobId).then().statusCode(200).body("status", equalTo("FAILED"));
    }
}
