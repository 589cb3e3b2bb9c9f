package org.efp.dr.backup.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.luben.zstd.Zstd;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.backup.postgres.PgTools;
import org.efp.dr.backup.run.BackupTargets;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.WalArchived;
import org.jboss.logging.Logger;

/**
 * Continuous WAL archiving of the energy_forecast cluster: {@code pg_receivewal --synchronous} streams WAL from a
 * replication slot into a local spool (the slot keeps the primary from recycling WAL while the archiver is down,
 * so a restart resumes without a gap), and a shipper sends every completed segment, and the segment being written
 * ({@code .partial}), to S3 every few seconds. The newest committed data is thus seconds behind in S3. Segments
 * are zstd-compressed, then encrypted when client-side encryption is on.
 */
@ApplicationScoped
public class WalArchiver {

    private static final Logger LOG = Logger.getLogger(WalArchiver.class);
    private static final String PARTIAL = ".partial";

    private record Sample(Instant at, long lsn) {
    }

    private final PgTarget cluster;
    private final PgTools tools;
    private final ObjectStore store;
    private final ClientEncryption encryption;
    private final Clock clock;
    private final boolean enabled;
    private final Path spool;
    private final Duration shipInterval;
    private final String slot;
    private final String prefix;
    private final EventPublisher publisher;
    private final Duration reportInterval;
    private Instant reportedArchivedTo;
    private Instant reportedAt;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final List<String> gaps = new ArrayList<>();
    private ScheduledExecutorService executor;
    private volatile Process receiver;
    private volatile boolean running;
    private volatile long shippedLsn;
    private volatile Instant caughtUpAt;
    private volatile String lastSegment;
    private volatile long segmentsArchived;
    private volatile String lastError;
    private long partialShippedSize = -1;
    private long partialShippedModified = -1;
    private Duration backoff = Duration.ofSeconds(1);

    public WalArchiver(BackupSettings settings, PgTools tools, ObjectStore store, ClientEncryption encryption,
            Clock clock, MeterRegistry registry, EventPublisher publisher,
            @ConfigProperty(name = "dr.backup.wal.report-interval", defaultValue = "10s") Duration reportInterval,
            @ConfigProperty(name = "dr.backup.wal.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "dr.backup.wal.spool-dir", defaultValue = "wal-spool") Path spool,
            @ConfigProperty(name = "dr.backup.wal.ship-interval", defaultValue = "1s") Duration shipInterval,
            @ConfigProperty(name = "dr.backup.wal.slot", defaultValue = "efp_dr_wal_archive") String slot) {
        BackupSettings.EnergyForecast ef = settings.energyForecast();
        this.cluster = PgTarget.fromJdbcUrl(BackupTargets.ENERGY_FORECAST, ef.primaryUrl(), ef.user(),
                ef.password().orElse(null));
        this.tools = tools;
        this.store = store;
        this.encryption = encryption;
        this.clock = clock;
        this.publisher = publisher;
        this.reportInterval = reportInterval;
        this.enabled = enabled;
        this.spool = spool.toAbsolutePath();
        this.shipInterval = shipInterval;
        this.slot = slot;
        this.prefix = "wal/" + BackupTargets.ENERGY_FORECAST + "/";
        Gauge.builder("dr.wal.archive.lag.seconds", this, a -> a.status().lagSeconds())
                .description("Seconds of committed WAL not yet in S3").register(registry);
        Gauge.builder("dr.wal.archive.gaps", this, a -> a.gaps.size())
                .description("WAL segments found missing from the archive").register(registry);
    }

    /** The S3 key of an archived segment (or of the partial segment being written). */
    public String key(String fileName) {
        return prefix + fileName + ".zst";
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    /** Starts streaming and shipping. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        lastSegment = lastArchivedSegment().orElse(null);
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "wal-archiver");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::superviseReceiver);
        executor.scheduleWithFixedDelay(this::shipSafely, 0, shipInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("WAL archiving started cluster=%s slot=%s spool=%s", cluster, slot, spool);
    }

    /** Stops streaming after a last shipment; the slot keeps the WAL written meanwhile for the next start. */
    @PreDestroy
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Process p = receiver;
        if (p != null) {
            p.destroy();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shipSafely();
        LOG.info("WAL archiving stopped");
    }

    private void superviseReceiver() {
        while (running) {
            try {
                Files.createDirectories(spool);
                ensureSlot();
                claimSpool();
                PgTools.Run run = tools.start("pg_receivewal", cluster, List.of("-h", cluster.host(), "-p",
                        String.valueOf(cluster.port()), "-U", cluster.user(), "-D", spool.toString(), "--slot=" + slot,
                        "--synchronous", "--no-loop", "--no-password"));
                receiver = run.process();
                backoff = Duration.ofSeconds(1);
                run.awaitSuccess();
                if (running) {
                    lastError = "pg_receivewal ended";
                }
            } catch (IOException | SQLException | RuntimeException e) {
                lastError = e.getMessage();
                if (running && e.getMessage() != null && e.getMessage().contains("ahead of the WAL flush position")) {
                    // The spool is ahead of the server: the cluster was restored or re-created behind our back.
                    setAsideSpool("the spool is ahead of the server's WAL");
                } else if (running) {
                    LOG.warnf("WAL streaming interrupted, retrying in %ds: %s", backoff.toSeconds(), e.getMessage());
                }
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
    }

    /**
     * The spool belongs to one cluster (its system identifier). WAL spooled from another cluster (re-created, or a
     * different server behind the same address) is set aside, never mixed into this cluster's archive.
     */
    private void claimSpool() throws SQLException, IOException {
        String systemId;
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            systemId = rs.getString(1);
        }
        Path marker = spool.resolve(".system-identifier");
        if (Files.exists(marker) && !Files.readString(marker).strip().equals(systemId)) {
            setAsideSpool("the spool holds WAL of cluster " + Files.readString(marker).strip() + ", not " + systemId);
        }
        Files.createDirectories(spool);
        Files.writeString(marker, systemId);
    }

    private void setAsideSpool(String why) {
        Path aside = spool.resolveSibling(spool.getFileName() + "-set-aside-" + clock.millis());
        try {
            Files.move(spool, aside);
            Files.createDirectories(spool);
            LOG.errorf("WAL spool set aside to %s: %s", aside, why);
        } catch (IOException e) {
            LOG.errorf("cannot set the WAL spool aside (%s): %s", why, e.getMessage());
        }
    }

    private void ensureSlot() throws SQLException {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_create_physical_replication_slot(?, true) WHERE NOT EXISTS "
                        + "(SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
            ps.setString(1, slot);
            ps.setString(2, slot);
            ps.execute();
        }
    }

    private void shipSafely() {
        try {
            ship();
        } catch (IOException | SQLException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.debugf("WAL shipment failed: %s", e.getMessage());
        }
    }

    /** One shipment: completed segments in order, then the partial one if it changed. */
    synchronized void ship() throws IOException, SQLException {
        Instant at = clock.instant();
        long current;
        long flushed;
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text, (SELECT restart_lsn::text "
                        + "FROM pg_replication_slots WHERE slot_name = '" + slot.replace("'", "''") + "')")) {
            rs.next();
            current = WalSegments.lsn(rs.getString(1));
            flushed = rs.getString(2) == null ? 0 : WalSegments.lsn(rs.getString(2));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(spool)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (WalSegments.isSegment(name) || name.endsWith(".history")) {
                if (WalSegments.isSegment(name)) {
                    List<String> missing = WalSegments.gap(Optional.ofNullable(lastSegment), name);
                    if (!missing.isEmpty()) {
                        gaps.addAll(missing);
                        LOG.errorf("WAL archive gap: segments %s to %s are missing before %s", missing.get(0),
                                missing.get(missing.size() - 1), name);
                    }
                }
                upload(file, key(name));
                Files.delete(file);
                if (WalSegments.isSegment(name)) {
                    lastSegment = name;
                    segmentsArchived++;
                }
            }
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(PARTIAL) && Files.exists(file)) {
                long size = Files.size(file);
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (size != partialShippedSize || modified != partialShippedModified) {
                    upload(file, key(name));
                    partialShippedSize = size;
                    partialShippedModified = modified;
                }
            }
        }
        record(at, current, flushed);
        report();
    }

    /** Tells the platform how far the archive reaches (WalArchived), every report interval while it moves. */
    private void report() {
        Instant archivedTo = caughtUpAt;
        Instant now = clock.instant();
        if (archivedTo == null || archivedTo.equals(reportedArchivedTo)
                || reportedAt != null && Duration.between(reportedAt, now).compareTo(reportInterval) < 0) {
            return;
        }
        WalArchiveStatus status = status();
        WalArchived event = new WalArchived(BackupTargets.ENERGY_FORECAST, archivedTo, status.shippedLsn(),
                status.lastSegment(), Double.isFinite(status.lagSeconds()) ? status.lagSeconds() : 0, now);
        QuarkusTransaction.requiringNew().run(() -> publisher.publish(event,
                "wal-archived-" + BackupTargets.ENERGY_FORECAST + "-" + archivedTo.toEpochMilli()));
        reportedArchivedTo = archivedTo;
        reportedAt = now;
    }

    private void upload(Path file, String key) throws IOException {
        store.put(key, encryption.encrypt(key, Zstd.compress(Files.readAllBytes(file), 1)),
                "application/octet-stream");
    }

    private void record(Instant at, long current, long flushed) {
        samples.addLast(new Sample(at, current));
        while (samples.size() > 600) {
            samples.removeFirst();
        }
        shippedLsn = Math.max(shippedLsn, flushed);
        samples.stream().filter(s -> s.lsn() <= shippedLsn).reduce((a, b) -> b)
                .ifPresent(s -> caughtUpAt = caughtUpAt == null || s.at().isAfter(caughtUpAt) ? s.at() : caughtUpAt);
        lastError = null;
    }

    private Optional<String> lastArchivedSegment() {
        try {
            return store.list(prefix).stream()
                    .map(k -> k.substring(prefix.length()))
                    .filter(n -> n.endsWith(".zst") && WalSegments.isSegment(n.substring(0, n.length() - 4)))
                    .map(n -> n.substring(0, n.length() - 4))
                    .max(String::compareTo);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the WAL archive's last segment: %s", e.getMessage());
            return Optional.empty();
        }
    }

    public WalArchiveStatus status() {
        double lag = caughtUpAt == null ? Double.POSITIVE_INFINITY
                : Math.max(0, Duration.between(caughtUpAt, clock.instant()).toMillis() / 1000.0);
        if (!enabled) {
            lag = 0;
        }
        Process p = receiver;
        return new WalArchiveStatus(enabled, p != null && p.isAlive(), cluster.toString(),
                WalSegments.lsnText(shippedLsn), caughtUpAt, lag, lastSegment, segmentsArchived, List.copyOf(gaps),
                lastError);
    }

    /** The LSN up to which WAL is in S3. */
    public long shippedLsn() {
        return shippedLsn;
    }
}
