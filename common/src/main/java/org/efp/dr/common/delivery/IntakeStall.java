package org.efp.dr.common.delivery;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether the service's event intake is stuck on a record whose handling fails for a passing reason (the state
 * database down or restarting, a deadlock, a lock timeout). The record is retried until it goes through, so
 * meanwhile the service is not ready: its readiness check {@value #NAME} is DOWN, with since when, how many
 * attempts, and the last failure.
 */
@Readiness
@Default // @Readiness is a qualifier; the consumer injects this bean plainly.
@ApplicationScoped
public class IntakeStall implements HealthCheck {

    /** The readiness check's name. */
    public static final String NAME = "Event intake";

    private volatile Instant since;
    private volatile long sinceNanos;
    private volatile int attempts;
    private volatile String lastFailure;

    /** A handling attempt failed for a passing reason; the record will be tried again. */
    void failing(int attempt, String failure) {
        if (since == null) {
            // The wall clock, not the service's Clock bean: tests may stop that one, and this is an elapsed time.
            sinceNanos = System.nanoTime();
            since = Instant.now();
        }
        attempts = attempt;
        lastFailure = failure;
    }

    /** The record went through (or turned out to be poison): the intake moves again. */
    void moving() {
        since = null;
        attempts = 0;
        lastFailure = null;
    }

    /** Whether the intake is retrying a record. */
    public boolean stalled() {
        return since != null;
    }

    @Override
    public HealthCheckResponse call() {
        Instant stalledSince = since;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (stalledSince == null) {
            return response.up().build();
        }
        return response.down()
                .withData("retryingSince", stalledSince.toString())
                .withData("retryingForSeconds", Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds())
                .withData("attempts", attempts)
                .withData("lastFailure", String.valueOf(lastFailure))
                .build();
    }
}
