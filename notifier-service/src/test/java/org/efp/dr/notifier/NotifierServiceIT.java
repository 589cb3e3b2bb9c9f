package org.efp.dr.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class NotifierServiceIT {

    @Test
    void reportsReadyWithItsDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndConsumingGoesOn() {
        // Given
        CloudEvent valid = EventCodec.wrap(new BackupFailed("bk-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "S3_UNAVAILABLE", "503", Instant.now().minusSeconds(5), Instant.now(), null), "test", Clock.systemUTC());

        // When
        ServiceProbe.DeadLettered dead = ServiceProbe.poisonThenValid("dr.backups", "{not json", EventCodec.encode(valid),
                valid.id(), "notifier");

        // Then
        assertThat(dead.reason()).contains("MALFORMED_JSON");
        assertThat(dead.record().value()).isEqualTo("{not json");
    }
}
