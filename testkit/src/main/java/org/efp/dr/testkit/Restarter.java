package org.efp.dr.testkit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

/**
 * What restarts a dead server in the local run, as Kubernetes restarts a pod's container: checks every second
 * whether the process lives and, once it has been dead for {@code delay}, starts it again (a start that fails is
 * tried again on the next check). Closing it stops the checks; close it before the server, so a stop is not taken
 * for a crash.
 */
public final class Restarter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Restarter.class);

    private final String name;
    private final BooleanSupplier alive;
    private final Runnable start;
    private final long delayNanos;
    private final ScheduledExecutorService checks;
    private long deadSince;
    private int restarts;

    private Restarter(String name, BooleanSupplier alive, Runnable start, Duration delay) {
        this.name = name;
        this.alive = alive;
        this.start = start;
        this.delayNanos = delay.toNanos();
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dr-restart-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching {@code name}. */
    public static Restarter watch(String name, BooleanSupplier alive, Runnable start, Duration delay) {
        Restarter restarter = new Restarter(name, alive, start, delay);
        restarter.checks.scheduleWithFixedDelay(restarter::check, 1, 1, TimeUnit.SECONDS);
        return restarter;
    }

    private void check() {
        try {
            if (alive.getAsBoolean()) {
                deadSince = 0;
                return;
            }
            long now = System.nanoTime();
            if (deadSince == 0) {
                deadSince = now;
                LOG.warnf("%s is not running; restarting it in %d s", name, TimeUnit.NANOSECONDS.toSeconds(delayNanos));
                return;
            }
            if (now - deadSince >= delayNanos) {
                start.run();
                restarts++;
                deadSince = 0;
                LOG.infof("%s restarted (restart %d)", name, restarts);
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s did not restart: %s (trying again)", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
