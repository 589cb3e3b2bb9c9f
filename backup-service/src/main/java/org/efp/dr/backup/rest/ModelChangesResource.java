package org.efp.dr.backup.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.backup.schedule.ModelChanges;

/**
 * The model change watch: since when the model files served are in no completed backup, if they are not. The
 * model's recovery point is that, not the age of the newest MODELS backup (a model that did not change since its
 * backup loses nothing, however old the backup).
 */
@Path("/model-changes")
@Produces(MediaType.APPLICATION_JSON)
public class ModelChangesResource {

    private final ModelChanges changes;

    public ModelChangesResource(ModelChanges changes) {
        this.changes = changes;
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public ModelChanges.Status status() {
        return changes.status();
    }
}
