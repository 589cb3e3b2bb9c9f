package org.efp.dr.notifier.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.channel.Channel;
import org.efp.dr.notifier.channel.ChannelKind;
import org.efp.dr.notifier.channel.Channels;
import org.efp.dr.notifier.channel.Outgoing;
import org.efp.dr.notifier.channel.PermanentDeliveryException;
import org.efp.dr.notifier.escalation.Escalator;
import org.jboss.logging.Logger;

/**
 * The send loop: groups due notices, fires due escalations, and hands claimed deliveries to one worker pool per
 * channel, so a slow or failing channel never holds up the others. Only as many rows are claimed as a pool can
 * start on, so a lease does not run out while a row waits in a queue.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Grouper grouper;
    private final Escalator escalator;
    private final DeliveryQueue queue;
    private final Channels channels;
    private final DeliveryMetrics metrics;
    private final NotifierConfig config;
    private final Map<ChannelKind, ExecutorService> pools = new EnumMap<>(ChannelKind.class);
    private final Map<ChannelKind, AtomicInteger> inFlight = new EnumMap<>(ChannelKind.class);
    private final RetryPolicy retry;
    private volatile boolean running;
    private Thread loop;

    public Dispatcher(Grouper grouper, Escalator escalator, DeliveryQueue queue, Channels channels,
            DeliveryMetrics metrics, NotifierConfig config) {
        this.grouper = grouper;
        this.escalator = escalator;
        this.queue = queue;
        this.channels = channels;
        this.metrics = metrics;
        this.config = config;
        this.retry = new RetryPolicy(config.dispatch().retryBackoff(), config.dispatch().maxRetryBackoff(),
                config.dispatch().giveUpAfter());
    }

    void start(@Observes StartupEvent event) {
        for (ChannelKind kind : ChannelKind.values()) {
            AtomicInteger n = new AtomicInteger();
            pools.put(kind, Executors.newFixedThreadPool(config.dispatch().threadsPerChannel(),
                    r -> new Thread(r, "notifier-" + kind.id() + "-" + n.incrementAndGet())));
            inFlight.put(kind, new AtomicInteger());
        }
        running = true;
        loop = new Thread(this::run, "notifier-dispatch");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (loop != null) {
            loop.interrupt();
            loop.join(5_000);
        }
        for (ExecutorService pool : pools.values()) {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void run() {
        long pause = config.dispatch().pollInterval().toMillis();
        while (running) {
            try {
                tick();
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("dispatch round failed: %s", e.getMessage());
                LOG.debug("dispatch round failure", e);
                try {
                    Thread.sleep(Math.max(pause, 1_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void tick() throws Exception {
        while (grouper.groupDue() > 0) {
            // keep grouping while whole batches are due
        }
        escalator.escalateDue();
        for (ChannelKind kind : channels.available()) {
            int free = config.dispatch().threadsPerChannel() * 2 - inFlight.get(kind).get();
            if (free <= 0) {
                continue;
            }
            List<Outgoing> claimed = queue.claim(kind, free);
            for (Outgoing message : claimed) {
                inFlight.get(kind).incrementAndGet();
                pools.get(kind).execute(() -> deliver(channels.get(kind), message));
            }
        }
    }

    private void deliver(Channel channel, Outgoing message) {
        long t0 = System.nanoTime();
        String error = null;
        boolean permanent = false;
        try {
            channel.send(message);
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            permanent = e instanceof PermanentDeliveryException || e.getCause() instanceof PermanentDeliveryException;
            LOG.warnf("delivery failed channel=%s deliveryId=%s attempts=%d permanent=%s reason=%s",
                    channel.kind().id(), message.deliveryId(), message.attempts().get(), permanent, error);
        }
        Duration sendTime = Duration.ofNanos(System.nanoTime() - t0);
        try {
            if (error != null && !permanent && queue.retryLater(message, error, retry)) {
                metrics.record(channel.kind(), DeliveryQueue.RETRYING, sendTime, null);
                return;
            }
            Instant firstEvent = queue.complete(message, error == null, error);
            metrics.record(channel.kind(), error == null ? DeliveryQueue.SENT : DeliveryQueue.FAILED, sendTime,
                    firstEvent);
        } catch (Exception e) {
            LOG.warnf("cannot record delivery deliveryId=%s: %s", message.deliveryId(), e.getMessage());
        } finally {
            inFlight.get(channel.kind()).decrementAndGet();
        }
    }
}
