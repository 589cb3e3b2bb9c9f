package org.efp.dr.restore;

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
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestoreServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new DrillRequested("drill-" + UUID.randomUUID(), "database_recovery", "full", "operator", Instant.now()), "test", Clock.systemUTC());

        // When
        ServiceProbe.DeadLettered dead = ServiceProbe.poisonThenValid("dr.commands", "{not json", EventCodec.encode(valid),
                valid.id(), "restore");

        // Then
        assertThat(dead.reason()).contains("MALFORMED_JSON");
        assertThat(dead.record().value()).isEqualTo("{not json");
    }
}
