package org.efp.dr.backup.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.backup.wal.WalArchiveStatus;
import org.efp.dr.backup.wal.WalArchiver;

/** The continuous WAL archive: streaming or not, lag in seconds, last segment, gaps. */
@Path("/wal")
@Produces(MediaType.APPLICATION_JSON)
public class WalResource {

    private final WalArchiver archiver;

    public WalResource(WalArchiver archiver) {
        this.archiver = archiver;
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public WalArchiveStatus status() {
        return archiver.status();
    }
}
