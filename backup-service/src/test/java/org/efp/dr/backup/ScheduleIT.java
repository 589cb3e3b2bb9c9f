package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.backup.schedule.BackupSchedules;
import org.efp.dr.backup.schedule.ScheduleSlots;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class ScheduleIT {

    @Inject
    BackupSchedules schedules;

    @Inject
    ScheduleSlots slots;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "dr.backup.instance-id")
    String instanceId;

    @Test
    void thisInstanceHasANameOfItsOwnForLeasesAndClaims() {
        // Replicas that shared one literal name would each take the other's leases for their own.
        assertThat(instanceId).isNotBlank().doesNotContain("${").matches("[0-9a-f-]{36}");
    }

    @Test
    void scheduleFollowsBackupConfigYaml() {
        assertThat(schedules.jobs()).extracting(BackupSchedules.Job::name, BackupSchedules.Job::cron)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("database-full", "0 0 * * *"),
                        org.assertj.core.groups.Tuple.tuple("database-incremental", "0 */6 * * *"),
                        org.assertj.core.groups.Tuple.tuple("models", "0 */12 * * *"),
                        org.assertj.core.groups.Tuple.tuple("configs", "0 0 * * *"));
    }

    @Test
    void aTickFiredOnTwoReplicasQueuesItsBackupsOnce() {
        // Given
        BackupSchedules.Job job = schedules.jobs().get(0);
        Instant tick = Instant.parse("2031-01-01T00:00:00.120Z");
        boolean otherReplica = slots.claim(job.name(), Instant.parse("2031-01-01T00:00:00Z"), "replica-b");

        // When
        boolean thisReplica = schedules.tick(job, tick);

        // Then
        assertThat(otherReplica).isTrue();
        assertThat(thisReplica).isFalse();
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id LIKE 'schedule-database-full-%-2031-01-01T00:00:00Z'"))
                .isZero();
    }

    @Test
    void aTickQueuesEveryBackupOfItsJob() {
        // Given
        BackupSchedules.Job job = schedules.jobs().get(0);

        // When
        boolean queued = schedules.tick(job, Instant.parse("2032-06-01T00:00:00Z"));

        // Then
        assertThat(queued).isTrue();
        assertThat(TestInfrastructure.shared().stateDb().queryLong(Infrastructure.STATE_DATABASE,
                "SELECT count(*) FROM backup.backup WHERE request_id LIKE 'schedule-database-full-%-2032-06-01T00:00:00Z'"))
                .isEqualTo(3);
    }
}
