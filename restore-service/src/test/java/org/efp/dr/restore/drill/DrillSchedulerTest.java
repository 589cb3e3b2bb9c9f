package org.efp.dr.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import org.efp.dr.common.config.DrillSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DrillSchedulerTest {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    @ParameterizedTest
    @CsvSource({
            "daily,     2026-11-25T10:00:00Z, 2026-11-26T03:00:00Z",
            "weekly,    2026-11-25T10:00:00Z, 2026-11-30T03:00:00Z",
            "monthly,   2026-11-25T10:00:00Z, 2026-12-01T03:00:00Z",
            "quarterly, 2026-11-25T10:00:00Z, 2027-01-01T03:00:00Z",
            "yearly,    2026-11-25T10:00:00Z, 2027-01-01T03:00:00Z",
            "quarterly, 2027-01-01T04:00:00Z, 2027-04-01T03:00:00Z"})
    void eachFrequencyOfTheDrillScheduleRunsAtTheStartOfItsNextPeriod(String frequency, String now, String next) {
        // When
        ExecutionTime cron = ExecutionTime.forCron(UNIX.parse(DrillSchedule.cron(frequency)));

        // Then
        assertThat(cron.nextExecution(ZonedDateTime.parse(now).withZoneSameInstant(ZoneOffset.UTC)))
                .hasValueSatisfying(t -> assertThat(t.toInstant()).isEqualTo(ZonedDateTime.parse(next).toInstant()));
    }

    @Test
    void unknownFrequencyIsRefused() {
        assertThatThrownBy(() -> DrillSchedule.cron("hourly")).hasMessageContaining("hourly");
    }
}
