package org.efp.dr.failover.database;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The defaults of {@link DatabaseConfig}, with no Kubernetes and no data directories. */
class TestDatabaseConfig implements DatabaseConfig {
    @Override
    public long maxLagBytes() {
        return 16_777_216;
    }

    @Override
    public Duration connectTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration promoteTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Map<String, String> dataDirs() {
        return Map.of();
    }

    @Override
    public String dataDirOwner() {
        return "postgres";
    }

    @Override
    public String cluster() {
        return "energy_forecast";
    }

    @Override
    public Duration observeInterval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration lagPublishInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration receiverCheck() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration noStandbyGrace() {
        return Duration.ofSeconds(30);
    }

    @Override
    public boolean autoRejoin() {
        return false;
    }

    @Override
    public Duration autoRejoinDelay() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration autoRejoinRetry() {
        return Duration.ofMinutes(5);
    }

    @Override
    public boolean restartDownNodes() {
        return false;
    }

    @Override
    public Duration restartDownAfter() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Optional<String> spare() {
        return Optional.empty();
    }

    @Override
    public Duration spareAfter() {
        return Duration.ofMinutes(5);
    }

    @Override
    public Duration commandTimeout() {
        return Duration.ofMinutes(2);
    }

    @Override
    public Connection connection() {
        return null;
    }

    @Override
    public RemoteFence remoteFence() {
        return RemoteFence.STOP;
    }

    @Override
    public Duration remoteFenceTimeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public int keepDiverged() {
        return 2;
    }
}
