package org.efp.dr.backup.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.backup.schedule.ConfigChanges;
import org.efp.dr.backup.schedule.FileChangeWatch;
import org.efp.dr.backup.schedule.ModelChanges;

/**
 * The change watches of models and configs: since when the files in use are in no completed backup, if they are not.
 * Their recovery point is that, not the age of the newest backup (files that did not change since their backup lose
 * nothing, however old the backup).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeWatchResource {

    private final ModelChanges models;
    private final ConfigChanges configs;

    public ChangeWatchResource(ModelChanges models, ConfigChanges configs) {
        this.models = models;
        this.configs = configs;
    }

    @GET
    @Path("model-changes")
    @RolesAllowed({ "viewer", "operator" })
    public FileChangeWatch.Status models() {
        return models.status();
    }

    @GET
    @Path("config-changes")
    @RolesAllowed({ "viewer", "operator" })
    public FileChangeWatch.Status configs() {
        return configs.status();
    }
}
