package org.efp.dr.metrics.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.efp.dr.metrics.config.MetricsConfig;
import org.efp.dr.metrics.status.StatusChanges;
import org.efp.dr.metrics.status.StatusSnapshot;
import org.efp.dr.metrics.status.StatusSnapshots;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The live status page: is the platform protected right now. {@code /status} is the page (plain HTML and script),
 * {@code /status/snapshot} what it shows as JSON, {@code /status/events} the same snapshot pushed as Server-Sent
 * Events on every change and every {@code dr.metrics.status-interval}.
 */
@Path("/status")
@RolesAllowed({ "viewer", "operator" })
public class StatusResource {

    private static final String PAGE = resource("status-page/status.html");
    private static final String SCRIPT = resource("status-page/status.js");

    private final StatusSnapshots snapshots;
    private final StatusChanges changes;
    private final MetricsConfig config;

    public StatusResource(StatusSnapshots snapshots, StatusChanges changes, MetricsConfig config) {
        this.snapshots = snapshots;
        this.changes = changes;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return PAGE;
    }

    @GET
    @Path("/status.js")
    @Produces("text/javascript")
    public String script() {
        return SCRIPT;
    }

    @GET
    @Path("/snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    public StatusSnapshot snapshot() {
        return snapshots.take();
    }

    /** A snapshot at once, then one per change and per interval; changes arriving while one is taken collapse. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusSnapshot> events() {
        Multi<Boolean> ticks = Multi.createFrom().ticks().every(config.statusInterval()).map(tick -> Boolean.TRUE);
        return Multi.createBy().merging().streams(Multi.createFrom().item(Boolean.TRUE), ticks, changes.stream())
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(reason -> snapshots.take());
    }

    private static String resource(String name) {
        try (InputStream in = StatusResource.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
