package org.efp.dr.backup.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.postgres.CurrentPrimary;
import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.backup.run.BackupTargets;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.common.topology.TopologyChange;
import org.jboss.logging.Logger;

/**
 * Continuous WAL archiving of the energy_forecast cluster: a {@link WalReceiver} streams WAL from the current
 * primary through a replication slot into a local spool, and a {@link WalShipper} sends every completed segment,
 * timeline history file and the segment being written ({@code .partial}) to S3 every few seconds, so the newest
 * committed data is seconds behind in S3. It follows the cluster's topology: when failover-service names a new
 * primary, the receiver re-attaches to it and the archive goes on on the new timeline.
 */
@ApplicationScoped
public class WalArchiver {

    private static final Logger LOG = Logger.getLogger(WalArchiver.class);

    private final CurrentPrimary primaries;
    private final ObjectStore store;
    private final Clock clock;
    private final boolean enabled;
    private final Duration shipInterval;
    private final Duration topologyWait;
    private final String slot;
    private final String prefix;
    private final EventPublisher publisher;
    private final Duration reportInterval;
    private final WalReceiver receiver;
    private final Path spool;
    private final ClientEncryption encryption;
    private volatile WalShipper shipper;
    private Instant reportedArchivedTo;
    private Instant reportedAt;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private volatile String lastError;

    public WalArchiver(CurrentPrimary primaries, PgTools tools, ObjectStore store, ClientEncryption encryption,
            Clock clock, MeterRegistry registry, EventPublisher publisher, BackupSettings settings) {
        BackupSettings.Wal wal = settings.backup().wal();
        this.primaries = primaries;
        this.store = store;
        this.clock = clock;
        this.publisher = publisher;
        this.reportInterval = wal.reportInterval();
        this.enabled = wal.enabled();
        this.shipInterval = wal.shipInterval();
        this.topologyWait = wal.topologyWait();
        this.slot = wal.slot();
        this.prefix = "wal/" + BackupTargets.ENERGY_FORECAST + "/";
        this.spool = wal.spoolDir().toAbsolutePath();
        this.encryption = encryption;
        this.receiver = new WalReceiver(tools, this.spool, slot, clock,
                () -> primaries.target(CurrentPrimary.ENERGY_FORECAST));
        this.shipper = new WalShipper(this.spool, slot, prefix, store, encryption, clock, null);
        Gauge.builder("dr.wal.archive.lag.seconds", this, a -> a.status().lagSeconds())
                .description("Seconds of committed WAL not yet in S3").register(registry);
        Gauge.builder("dr.wal.archive.gaps", this, a -> a.shipper.gaps().size())
                .description("WAL segments found missing from the archive").register(registry);
        Gauge.builder("dr.wal.archive.streaming", this, a -> a.receiver.streaming() ? 1 : 0)
                .description("1 while WAL streams from the current primary").register(registry);
    }

    /** The S3 key of an archived segment, history file or partial segment. */
    public String key(String fileName) {
        return prefix + fileName + ".zst";
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    /**
     * The cluster's primary moved (failover, switchover) or vanished: stop streaming from the old one and attach
     * to the new one at once.
     */
    void onTopology(@Observes TopologyChange change) {
        if (!enabled || !running || !primaries.cluster().equals(change.cluster()) || !change.primaryChanged()) {
            return;
        }
        receiver.reattach("topology generation " + change.current().generation() + " names primary "
                + change.primaryAddress().orElse("none") + " (" + change.current().reason() + ")");
    }

    /**
     * Starts streaming and shipping. After a restart it first waits (bounded) for the cluster's topology, so it
     * does not stream from the configured primary when another one took over meanwhile.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        shipper = new WalShipper(spool, slot, prefix, store, encryption, clock, lastArchivedSegment().orElse(null));
        receiver.start();
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "wal-archiver");
            t.setDaemon(true);
            return t;
        });
        executor.execute(() -> {
            awaitTopology();
            receiver.run();
        });
        executor.scheduleWithFixedDelay(this::shipSafely, 0, shipInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("WAL archiving started slot=%s spool=%s", slot, spool);
    }

    private void awaitTopology() {
        try {
            if (!topologyWait.isZero() && !primaries.awaitTopology(topologyWait)) {
                LOG.infof("no topology of %s within %ds: archiving from the configured primary",
                        primaries.cluster(), topologyWait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops streaming after a last shipment; the slot keeps the WAL written meanwhile for the next start. */
    @PreDestroy
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        receiver.stop();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shipSafely();
        LOG.info("WAL archiving stopped");
    }

    private void shipSafely() {
        try {
            shipper.ship(receiver.target());
            lastError = null;
        } catch (IOException | SQLException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.debugf("WAL shipment incomplete: %s", e.getMessage());
        }
        try {
            report();
        } catch (RuntimeException e) {
            LOG.warnf("cannot report the WAL archive's progress: %s", e.getMessage());
        }
    }

    /** Tells the platform how far the archive reaches (WalArchived), every report interval while it moves. */
    private void report() {
        Instant archivedTo = shipper.caughtUpAt();
        Instant now = clock.instant();
        if (archivedTo == null || archivedTo.equals(reportedArchivedTo)
                || reportedAt != null && Duration.between(reportedAt, now).compareTo(reportInterval) < 0) {
            return;
        }
        WalArchiveStatus status = status();
        WalArchived event = new WalArchived(BackupTargets.ENERGY_FORECAST, archivedTo, status.shippedLsn(),
                status.lastSegment(), Double.isFinite(status.lagSeconds()) ? status.lagSeconds() : 0, now,
                status.gaps());
        QuarkusTransaction.requiringNew().run(() -> publisher.publish(event,
                "wal-archived-" + BackupTargets.ENERGY_FORECAST + "-" + archivedTo.toEpochMilli()));
        reportedArchivedTo = archivedTo;
        reportedAt = now;
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
        WalShipper s = shipper;
        boolean streaming = receiver.streaming();
        double lag = enabled ? s.lagSeconds() : 0;
        PgTarget target = receiver.target();
        String error = streaming ? lastError : firstNonNull(receiver.lastError(), lastError);
        return new WalArchiveStatus(enabled, streaming, target == null ? null : target.toString(),
                WalSegments.lsnText(s.shippedLsn()), s.caughtUpAt(), lag, s.lastSegment(), s.segmentsArchived(),
                s.gaps(), error, target == null ? null : target.host() + ":" + target.port(), s.timeline(),
                primaries.generation(), s.gapRanges());
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** The LSN up to which WAL is in S3. */
    public long shippedLsn() {
        return shipper.shippedLsn();
    }
}
