package org.efp.dr.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventContractTest {

    private static final Clock CLOCK = Clock.fixed(SampleEvents.T0, ZoneOffset.UTC);

    static Stream<DrEvent> everyEvent() {
        return SampleEvents.all().stream();
    }

    @Test
    void everyEventTypeHasASample() {
        // When
        long types = SampleEvents.all().stream().map(EventType::of).distinct().count();

        // Then
        assertThat(types).isEqualTo(EventType.values().length);
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void eventSurvivesARoundTripThroughJson(DrEvent payload) {
        // Given
        CloudEvent envelope = EventCodec.wrap(payload, "test-service", CLOCK);

        // When
        ReceivedEvent received = EventCodec.decode(EventCodec.encode(envelope));

        // Then
        assertThat(received.payload()).isEqualTo(payload);
        assertThat(received.envelope()).usingRecursiveComparison().ignoringFields("data").isEqualTo(envelope);
        assertThat(received.envelope().type()).isEqualTo("org.efp.dr." + payload.getClass().getSimpleName() + ".v1");
        assertThat(received.envelope().subject()).isEqualTo(payload.subject());
    }

    @Test
    void envelopeCarriesTheCloudEventsAttributes() throws Exception {
        // When
        String json = EventCodec.encode(EventCodec.wrap(SampleEvents.outageDetected(), "failover-service", CLOCK));

        // Then
        var tree = EventCodec.mapper().readTree(json);
        assertThat(tree.get("specversion").asText()).isEqualTo("1.0");
        assertThat(tree.get("type").asText()).isEqualTo("org.efp.dr.OutageDetected.v1");
        assertThat(tree.get("source").asText()).isEqualTo("failover-service");
        assertThat(tree.get("subject").asText()).isEqualTo("inc-1");
        assertThat(tree.get("time").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(tree.get("id").asText()).isNotBlank();
        assertThat(tree.get("data").get("outageStartedAt").asText()).isEqualTo("2026-11-25T09:59:40Z");
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        // Given
        CloudEvent envelope = EventCodec.wrap(SampleEvents.backupCompleted(), "backup-service", CLOCK);
        ObjectNode tree = EventCodec.mapper().valueToTree(envelope);
        tree.put("traceparent", "00-abc-def-01");
        ((ObjectNode) tree.get("data")).put("storageClass", "GLACIER");

        // When
        ReceivedEvent received = EventCodec.decode(tree.toString());

        // Then
        assertThat(received.payload()).isEqualTo(SampleEvents.backupCompleted());
    }

    @Test
    void aWalArchivedEventFromBeforeGapsWereReportedReadsAsHavingNone() {
        // Given
        String old = EventCodec.encode(EventCodec.wrap(new WalArchived("energy_forecast", Instant.EPOCH, "0/1",
                null, 0.5, Instant.EPOCH), "backup-service", Clock.systemUTC()))
                .replace(",\"gaps\":[]", "");

        // When
        WalArchived decoded = (WalArchived) EventCodec.decode(old).payload();

        // Then
        assertThat(old).doesNotContain("gaps");
        assertThat(decoded.gaps()).isEmpty();
    }

    @Test
    void missingRequiredFieldIsRejectedNamingTheField() {
        // Given
        ObjectNode tree = EventCodec.mapper()
                .valueToTree(EventCodec.wrap(SampleEvents.outageDetected(), "failover-service", CLOCK));
        ((ObjectNode) tree.get("data")).remove("component");

        // When / Then
        assertThatThrownBy(() -> EventCodec.decode(tree.toString()))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("INVALID_PAYLOAD")
                .hasMessageContaining("component is required");
    }

    @Test
    void missingOrMistypedFieldsAreNamedInPlainWordsWithoutTheParsersInternals() {
        // Given
        ObjectNode noFlag = EventCodec.mapper().valueToTree(EventCodec.wrap(SampleEvents.all().stream()
                .filter(RecoveryRequested.class::isInstance).findFirst().orElseThrow(), "failover-service", CLOCK));
        ((ObjectNode) noFlag.get("data")).remove("dryRun");
        ObjectNode badTime = noFlag.deepCopy();
        ((ObjectNode) badTime.get("data")).put("dryRun", false).put("requestedAt", "yesterday");
        ObjectNode wrongShape = noFlag.deepCopy();
        ((ObjectNode) wrongShape.get("data")).put("dryRun", false).putArray("target");

        // When / Then
        assertThatThrownBy(() -> EventCodec.decode(noFlag.toString()))
                .hasMessageContaining("field 'dryRun' is missing or not true/false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("com.fasterxml", "DeserializationFeature",
                        "(through reference chain", "Cannot map"));
        assertThatThrownBy(() -> EventCodec.decode(badTime.toString()))
                .hasMessageContaining("field 'requestedAt' is 'yesterday', not an ISO-8601 instant")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.time", "com.fasterxml"));
        assertThatThrownBy(() -> EventCodec.decode(wrongShape.toString()))
                .hasMessageContaining("field 'target'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.lang", "com.fasterxml", "token"));
    }

    static Stream<String> hostileIds() {
        return Stream.of("../../etc/passwd", "rec'; DROP TABLE x; --", "rec 1", "-rf", "x".repeat(10_240), "a/b",
                "rec\n1", "");
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void hostileRecoveryIdIsPoisonWithAHumanReason(String id) {
        // Given
        ObjectNode tree = EventCodec.mapper()
                .valueToTree(EventCodec.wrap(SampleEvents.all().stream().filter(RecoveryRequested.class::isInstance)
                        .findFirst().orElseThrow(), "failover-service", CLOCK));
        ((ObjectNode) tree.get("data")).put("recoveryId", id);

        // When / Then
        assertThatThrownBy(() -> EventCodec.decode(tree.toString()))
                .isInstanceOfSatisfying(PoisonEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoisonEventException.Reason.INVALID_PAYLOAD))
                .hasMessageContaining("recoveryId")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
    }

    @Test
    void hostileParameterOrOversizedComponentIsPoison() {
        ObjectNode tree = EventCodec.mapper()
                .valueToTree(EventCodec.wrap(SampleEvents.all().stream().filter(RecoveryRequested.class::isInstance)
                        .findFirst().orElseThrow(), "failover-service", CLOCK));
        ((ObjectNode) tree.get("data")).putObject("parameters").put("../x", "1");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString())).hasMessageContaining("parameter names");

        ((ObjectNode) tree.get("data")).putObject("parameters");
        ((ObjectNode) tree.get("data")).put("component", "a".repeat(65));
        assertThatThrownBy(() -> EventCodec.decode(tree.toString())).hasMessageContaining("component must be 1-64");
    }

    @Test
    void malformedJsonIsPoison() {
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\": \"1.0\", "))
                .isInstanceOfSatisfying(PoisonEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoisonEventException.Reason.MALFORMED_JSON));
    }

    @Test
    void unknownEventTypeIsPoison() {
        // Given
        ObjectNode tree = EventCodec.mapper()
                .valueToTree(EventCodec.wrap(SampleEvents.outageDetected(), "failover-service", CLOCK));
        tree.put("type", "org.efp.dr.OutageDetected.v9");

        // When / Then
        assertThatThrownBy(() -> EventCodec.decode(tree.toString()))
                .isInstanceOfSatisfying(PoisonEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoisonEventException.Reason.UNKNOWN_TYPE))
                .hasMessageContaining("org.efp.dr.OutageDetected.v9");
    }

    @Test
    void jsonThatIsNotACloudEventIsPoison() {
        assertThatThrownBy(() -> EventCodec.decode("{\"incidentId\": \"inc-1\"}"))
                .isInstanceOfSatisfying(PoisonEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoisonEventException.Reason.NOT_A_CLOUDEVENT));
    }

    @Test
    void detectionBeforeTheOutageStartedIsRejected() {
        assertThatThrownBy(() -> new OutageDetected("inc-1", "database", Severity.HIGH, "impact", "probe",
                SampleEvents.T0, SampleEvents.T0.minusSeconds(1), "fp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detectedAt")
                .hasMessageContaining("outageStartedAt");
    }

    @Test
    void backupLocationMustBeAnS3Uri() {
        assertThatThrownBy(() -> new BackupCompleted("bk", "energy_forecast", BackupKind.FULL, "/backups/db.sql.gz",
                1, 1, "a".repeat(64), SampleEvents.T0, SampleEvents.T0, SampleEvents.T0, SampleEvents.T0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://");
    }

    @Test
    void failedRecoveryMustSayWhy() {
        assertThatThrownBy(() -> new RecoveryCompleted("inc-1", "rec-1", "database", RecoveryAction.RESTORE_DATABASE,
                RecoveryStatus.FAILED, SampleEvents.T0, SampleEvents.T0, null, null, null, " ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error is required");
    }

    @Test
    void rebuiltPrimaryLocationSurvivesTheRoundTripAsHostAndPort() {
        // Given
        CloudEvent envelope = EventCodec.wrap(SampleEvents.rebuildCompleted(), "restore-service", CLOCK);

        // When
        ReceivedEvent received = EventCodec.decode(EventCodec.encode(envelope));

        // Then
        assertThat(received.payload()).isInstanceOfSatisfying(RecoveryCompleted.class, c -> {
            assertThat(c.action()).isEqualTo(RecoveryAction.DATABASE_REBUILD);
            assertThat(c.location()).isEqualTo("10.0.3.7:5433");
        });
    }

    @Test
    void completionFromAProducerThatPredatesLocationDecodesWithoutOne() {
        // Given: a RecoveryCompleted as producers wrote it before the location field existed
        ObjectNode tree = EventCodec.mapper()
                .valueToTree(EventCodec.wrap(SampleEvents.rebuildCompleted(), "restore-service", CLOCK));
        ((ObjectNode) tree.get("data")).remove("location");

        // When
        ReceivedEvent received = EventCodec.decode(tree.toString());

        // Then
        assertThat(received.payload()).isInstanceOfSatisfying(RecoveryCompleted.class, c -> {
            assertThat(c.location()).isNull();
            assertThat(c.restoredFrom()).isEqualTo("energy-forecast-base-1 + WAL to 0/5000060");
        });
    }

    @Test
    void aWatchedRecoveryServesAgainWhenItSaysAndOthersWhenTheyComplete() {
        // Given
        Instant served = SampleEvents.T0.plusSeconds(30);
        RecoveryCompleted watched = new RecoveryCompleted("inc-1", "rec-1", "ml-models",
                RecoveryAction.RESTORE_MODELS, RecoveryStatus.SUCCEEDED, SampleEvents.T0,
                SampleEvents.T0.plusSeconds(330), "models-1", null, null, null, null, null,
                Map.of(RecoveryCompleted.SERVING_SINCE, served.toString()));

        // When
        ReceivedEvent received = EventCodec.decode(EventCodec.encode(EventCodec.wrap(watched, "restore-service",
                CLOCK)));

        // Then
        assertThat(((RecoveryCompleted) received.payload()).servingSince()).isEqualTo(served);
        assertThat(SampleEvents.rebuildCompleted().servingSince())
                .isEqualTo(SampleEvents.rebuildCompleted().completedAt());
    }

    @Test
    void onlyASucceededServingStepSaysThatWhatWasRestoredServesAgain() {
        // Given
        RecoveryStepCompleted serving = new RecoveryStepCompleted("inc-1", "rec-1", RecoveryStepCompleted.SERVING, 3,
                RecoveryStatus.SUCCEEDED, SampleEvents.T0, SampleEvents.T0, "serves");

        // When
        ReceivedEvent received = EventCodec.decode(EventCodec.encode(EventCodec.wrap(serving, "restore-service",
                CLOCK)));

        // Then
        assertThat(((RecoveryStepCompleted) received.payload()).serving()).isTrue();
        assertThat(new RecoveryStepCompleted("inc-1", "rec-1", RecoveryStepCompleted.SERVING, 3,
                RecoveryStatus.FAILED, SampleEvents.T0, SampleEvents.T0, "no").serving()).isFalse();
        assertThat(new RecoveryStepCompleted("inc-1", "rec-1", "switch version", 2, RecoveryStatus.SUCCEEDED,
                SampleEvents.T0, SampleEvents.T0, null).serving()).isFalse();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"yesterday", "2026-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z"})
    void aServingSinceThatIsNoInstantWithinTheRecoveryIsRejected(String value) {
        assertThatThrownBy(() -> new RecoveryCompleted("inc-1", "rec-1", "ml-models",
                RecoveryAction.RESTORE_MODELS, RecoveryStatus.SUCCEEDED, SampleEvents.T0,
                SampleEvents.T0.plusSeconds(330), null, null, null, null, null, null,
                Map.of(RecoveryCompleted.SERVING_SINCE, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RecoveryCompleted.SERVING_SINCE);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"10.0.3.7", "10.0.3.7:0", "db:5432/x", "db :5432",
            "db:65536", "-db:5432", "jdbc:postgresql://db:5432"})
    void locationThatIsNotHostAndPortIsRejected(String location) {
        assertThatThrownBy(() -> new RecoveryCompleted("inc-1", "rec-1", "database", RecoveryAction.DATABASE_REBUILD,
                RecoveryStatus.SUCCEEDED, SampleEvents.T0, SampleEvents.T0, null, null, null, null, null, location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("location must be host:port");
    }

    @Test
    void metricsAndBreachesFromProducersThatPredateMonitoringDecodeWithoutIt() {
        // Given: a RecoveryMetrics and a MetricThresholdBreached as written before monitoring and detail existed
        ObjectNode metrics = EventCodec.mapper().valueToTree(EventCodec.wrap(SampleEvents.all().stream()
                .filter(RecoveryMetrics.class::isInstance).findFirst().orElseThrow(), "metrics-service", CLOCK));
        ((ObjectNode) metrics.get("data")).remove("monitoring");
        ObjectNode breach = EventCodec.mapper().valueToTree(EventCodec.wrap(SampleEvents.all().stream()
                .filter(MetricThresholdBreached.class::isInstance).findFirst().orElseThrow(), "metrics-service",
                CLOCK));
        ((ObjectNode) breach.get("data")).remove("detail");

        // When
        DrEvent decodedMetrics = EventCodec.decode(metrics.toString()).payload();
        DrEvent decodedBreach = EventCodec.decode(breach.toString()).payload();

        // Then
        assertThat(decodedMetrics).isInstanceOfSatisfying(RecoveryMetrics.class, m -> {
            assertThat(m.monitoring()).isNull();
            assertThat(m.state()).isEqualTo("RECOVERED");
        });
        assertThat(decodedBreach).isInstanceOfSatisfying(MetricThresholdBreached.class,
                b -> assertThat(b.detail()).isNull());
    }

    @Test
    void monitoringVerdictIsPassedOrFailedAndASignalWithoutDataKeepsItsVerdict() throws Exception {
        // Given
        String json = EventCodec.encode(EventCodec.wrap(SampleEvents.recoveryMonitored(), "metrics-service", CLOCK));

        // When
        var tree = EventCodec.mapper().readTree(json);

        // Then
        assertThat(tree.get("type").asText()).isEqualTo("org.efp.dr.RecoveryMonitored.v1");
        assertThat(tree.get("subject").asText()).isEqualTo("inc-1");
        assertThat(tree.get("data").get("signals").get(2).get("verdict").asText()).isEqualTo("NO_DATA");
        assertThat(tree.get("data").get("signals").get(2).get("value").isNull()).isTrue();
        assertThatThrownBy(() -> new RecoveryMonitored("inc-1", "rec-1", "database", "PENDING", 1, SampleEvents.T0,
                SampleEvents.T0, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verdict must be PASSED or FAILED");
    }

    @Test
    void negativeDataLossIsRejected() {
        assertThatThrownBy(() -> new RecoveryCompleted("inc-1", "rec-1", "database", RecoveryAction.RESTORE_DATABASE,
                RecoveryStatus.SUCCEEDED, SampleEvents.T0, SampleEvents.T0, null, null, -5L, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataLossSeconds");
    }

    @Test
    void everyTypeGoesToTheTopicOfItsGroup() {
        assertThat(EventType.BACKUP_REQUESTED.topic()).isEqualTo(Topics.COMMANDS);
        assertThat(EventType.RECOVERY_REQUESTED.topic()).isEqualTo(Topics.COMMANDS);
        assertThat(EventType.BACKUP_COMPLETED.topic()).isEqualTo(Topics.BACKUPS);
        assertThat(EventType.OUTAGE_DETECTED.topic()).isEqualTo(Topics.INCIDENTS);
        assertThat(EventType.RECOVERY_COMPLETED.topic()).isEqualTo(Topics.RECOVERIES);
        assertThat(EventType.DRILL_COMPLETED.topic()).isEqualTo(Topics.DRILLS);
        assertThat(EventType.NOTIFICATION_SENT.topic()).isEqualTo(Topics.NOTIFICATIONS);
        assertThat(EventType.METRIC_THRESHOLD_BREACHED.topic()).isEqualTo(Topics.METRICS);
    }
}
