package org.efp.dr.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.config.BackupSettings;
import org.jboss.logging.Logger;

/**
 * Publishes the size on disk of each configured database as {@code dr_database_size_bytes{database}}, sampled on
 * the current primary (a failover moves the sampling with it). A sample that fails keeps the last value: the gauge
 * appears with the first good sample and never drops to zero because the primary was briefly out of reach.
 */
@ApplicationScoped
public class DatabaseSizeSampler {

    private static final Logger LOG = Logger.getLogger(DatabaseSizeSampler.class);
    private static final Set<String> SAMPLED = Set.of(CurrentPrimary.ENERGY_FORECAST, CurrentPrimary.TIMESERIES);

    /** Reads a database's size in bytes; in the service, {@code pg_database_size} on the current primary. */
    @FunctionalInterface
    public interface Sizes {
        long bytes(String database) throws SQLException;
    }

    private final MeterRegistry registry;
    private final Sizes sizeSource;
    private final List<String> databases;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    @Inject
    public DatabaseSizeSampler(MeterRegistry registry, CurrentPrimary primary, BackupSettings settings) {
        this(registry, onPrimary(primary, settings.backup().databaseSize().timeout()),
                settings.backup().databaseSize().databases());
    }

    public DatabaseSizeSampler(MeterRegistry registry, Sizes sizeSource, List<String> databases) {
        for (String database : databases) {
            if (!SAMPLED.contains(database)) {
                throw new IllegalArgumentException("dr.backup.database-size.databases: " + database
                        + " is not one of " + SAMPLED);
            }
        }
        this.registry = registry;
        this.sizeSource = sizeSource;
        this.databases = List.copyOf(databases);
    }

    /** {@code pg_database_size} on the server the database is reachable on now, cancelled after {@code timeout}. */
    static Sizes onPrimary(CurrentPrimary primary, Duration timeout) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        return database -> {
            try (Connection c = primary.target(database).connect(); Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        };
    }

    @Scheduled(every = "${dr.backup.database-size.interval:60s}", identity = "database-size",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sample();
    }

    /** Samples every configured database once; one that cannot be read keeps its last value. */
    public void sample() {
        for (String database : databases) {
            try {
                long bytes = sizeSource.bytes(database);
                sizes.computeIfAbsent(database, this::register).set(bytes);
            } catch (SQLException | RuntimeException e) {
                AtomicLong last = sizes.get(database);
                // One line, no stack trace: the reason is the driver's message (never the password, which only
                // travels in the connection properties).
                LOG.warnf("database size not sampled database=%s keeping=%s reason=%s: %s", database,
                        last == null ? "none" : String.valueOf(last.get()), e.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    /** The last sampled size of {@code database}, or -1 before its first good sample. */
    public long lastBytes(String database) {
        AtomicLong value = sizes.get(database);
        return value == null ? -1 : value.get();
    }

    private AtomicLong register(String database) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("dr.database.size.bytes", value, AtomicLong::get)
                .description("Size on disk of the database (pg_database_size), sampled on the current primary")
                .baseUnit(BaseUnits.BYTES).tag("database", database).register(registry);
        return value;
    }
}
