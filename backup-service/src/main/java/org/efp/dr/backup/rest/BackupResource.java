package org.efp.dr.backup.rest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.catalog.CatalogRebuilder;
import org.efp.dr.backup.catalog.Verifier;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.retention.BackupDeletion;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.run.Progress;
import org.efp.dr.common.backupformat.CheckedManifest;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.progress.JobProgress;
import org.efp.dr.common.progress.ProgressEvents;

/**
 * Operators' view of backups: list and inspect (with live progress) as viewer or operator; trigger, verify, delete
 * and rebuild the catalog as operator.
 */
@Path("/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {

    /** A backup request from an operator; the catalog records the authenticated caller as its requester. */
    public record TriggerRequest(
            @NotBlank @Size(max = 63) @Schema(description = "a target of the backup schedule", example = "energy_forecast")
            String target,
            @NotBlank @Schema(description = "FULL (pg_dump), BASE (pg_basebackup), INCREMENTAL (WAL), MODELS or CONFIGS",
                    enumeration = { "FULL", "BASE", "INCREMENTAL", "MODELS", "CONFIGS" }, example = "FULL")
            String kind,
            @Size(max = 500) @Schema(description = "why, kept in the catalog", example = "before the schema change")
            String reason) {
    }

    /**
     * A backup with its manifest (when complete and it verifies) and progress (see {@link Progress#current});
     * {@code manifestSignature} is {@code VALID}, {@code NOT_CHECKED} (no signing keys) or why the manifest is refused
     * (then {@code manifest} is null: nothing of a refused backup is shown as if it were true).
     */
    public record BackupView(CatalogEntry backup, JobProgress progress, Manifest manifest,
            String manifestSignature) {
    }

    private final Catalog catalog;
    private final BackupRequests requests;
    private final Verifier verifier;
    private final CatalogRebuilder rebuilder;
    private final Manifests manifests;
    private final Progress progress;
    private final ProgressEvents events;
    private final SecurityIdentity identity;
    private final Duration eventInterval;
    private final BackupDeletion deletion;

    public BackupResource(Catalog catalog, BackupRequests requests, Verifier verifier, CatalogRebuilder rebuilder,
            Manifests manifests, Progress progress, ProgressEvents events, SecurityIdentity identity,
            BackupSettings settings, BackupDeletion deletion) {
        this.deletion = deletion;
        this.catalog = catalog;
        this.requests = requests;
        this.verifier = verifier;
        this.rebuilder = rebuilder;
        this.manifests = manifests;
        this.progress = progress;
        this.events = events;
        this.identity = identity;
        this.eventInterval = settings.backup().progressInterval();
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public List<CatalogEntry> list(@QueryParam("target") String target, @QueryParam("kind") String kind,
            @QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return catalog.list(target, parse(BackupKind.class, "kind", kind), parse(BackupStatus.class, "status", status),
                max);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ "viewer", "operator" })
    public BackupView get(@PathParam("id") String id) {
        CatalogEntry entry = catalog.find(id).orElseThrow(() -> new NotFoundException("no backup " + id));
        Manifest manifest = null;
        String signature = null;
        if (entry.status() == BackupStatus.COMPLETED) {
            try {
                CheckedManifest checked = manifests.read(entry.prefix());
                manifest = checked.manifest();
                signature = checked.signatureVerified() ? "VALID" : "NOT_CHECKED";
            } catch (ManifestRefusedException e) {
                signature = e.reason().name();
            }
        }
        return new BackupView(entry, progress.current(entry), manifest, signature);
    }

    /**
     * The backup's progress as Server-Sent Events: {@code progress} while it is queued or runs, one {@code end} when
     * it completed or failed, then the stream completes.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ "viewer", "operator" })
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        catalog.find(id).orElseThrow(() -> new NotFoundException("no backup " + id));
        events.follow(sink, sse, () -> catalog.find(id).map(progress::current).orElse(null), eventInterval);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response trigger(@Valid @NotNull TriggerRequest request) {
        BackupKind kind = parse(BackupKind.class, "kind", request.kind());
        try {
            CatalogEntry queued = requests.queue(request.target(), kind, "rest-" + UUID.randomUUID(),
                    request.reason(), identity.getPrincipal().getName());
            return Response.accepted(queued).location(URI.create("/backups/" + queued.backupId())).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @POST
    @Path("{id}/verify")
    @RolesAllowed("operator")
    public Verifier.Verification verify(@PathParam("id") String id) {
        return verifier.verify(catalog.find(id).orElseThrow(() -> new NotFoundException("no backup " + id)));
    }

    /**
     * Deletes a backup's objects and marks it deleted, recording the caller. 409 while it runs, while a retained
     * incremental builds on it, or (without {@code force=true}) when it is the newest of its target and kind.
     */
    @DELETE
    @Path("{id}")
    @RolesAllowed("operator")
    public BackupDeletion.Deleted delete(@PathParam("id") String id, @QueryParam("force") boolean force) {
        CatalogEntry entry = catalog.find(id).filter(e -> e.status() != BackupStatus.DELETED)
                .orElseThrow(() -> new NotFoundException("no backup " + id));
        try {
            return deletion.deleteRequested(entry, identity.getPrincipal().getName(), force);
        } catch (BackupDeletion.Refused e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    @POST
    @Path("/catalog/rebuild")
    @RolesAllowed("operator")
    public CatalogRebuilder.Rebuilt rebuild() {
        return rebuilder.rebuild();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

}
