package org.efp.dr.failover;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import org.efp.dr.failover.support.FailoverTestResources;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class FailoverServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new OutageDetected("inc-" + UUID.randomUUID(), "reporting", Severity.LOW, "reports stale", "test", Instant.now().minusSeconds(5), Instant.now(), "fp"), "test", Clock.systemUTC());

        // When
        ServiceProbe.DeadLettered dead = ServiceProbe.poisonThenValid("dr.incidents", "{not json", EventCodec.encode(valid),
                valid.id(), "failover");

        // Then
        assertThat(dead.reason()).contains("MALFORMED_JSON");
        assertThat(dead.record().value()).isEqualTo("{not json");
    }
}
