package org.efp.dr.restore.job;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.database.LogicalRestore;
import org.efp.dr.restore.database.PhysicalRestore;
import org.efp.dr.restore.database.PrimaryRebuild;
import org.efp.dr.restore.models.ModelRestore;
import org.efp.dr.common.backupformat.Manifest;

/**
 * Picks the restore procedure of a request: logical or physical database restore, a new primary rebuilt on the spare
 * node, or model artifacts.
 */
@ApplicationScoped
public class Restorers {

    private final LogicalRestore logical;
    private final PhysicalRestore physical;
    private final ModelRestore models;
    private final PrimaryRebuild rebuild;

    public Restorers(LogicalRestore logical, PhysicalRestore physical, ModelRestore models, PrimaryRebuild rebuild) {
        this.logical = logical;
        this.physical = physical;
        this.models = models;
        this.rebuild = rebuild;
    }

    /** One restore procedure. */
    public interface Restorer {
        List<String> steps();

        long expectedBytes(RestoreRequest request);

        RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception;
    }

    public Restorer forRequest(JobKind kind, RestoreRequest request) {
        if (kind == JobKind.DATABASE && request.action() == RecoveryAction.DATABASE_REBUILD) {
            return new Restorer() {
                public List<String> steps() {
                    return PrimaryRebuild.STEPS;
                }

                public long expectedBytes(RestoreRequest r) {
                    try {
                        return physical.candidates(r).stream().findFirst().map(Manifest::sizeBytes).orElse(0L);
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }

                public RestoreOutcome restore(RestoreRequest r, Steps steps) throws Exception {
                    return rebuild.rebuild(r, steps);
                }
            };
        }
        if (kind == JobKind.DATABASE && !request.physical()) {
            return new Restorer() {
                public List<String> steps() {
                    return LogicalRestore.steps(request);
                }

                public long expectedBytes(RestoreRequest r) {
                    try {
                        return logical.candidates(r).stream().findFirst().map(Manifest::compressedBytes).orElse(0L);
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }

                public RestoreOutcome restore(RestoreRequest r, Steps steps) throws Exception {
                    return logical.restore(r, steps);
                }
            };
        }
        if (kind == JobKind.DATABASE) {
            return new Restorer() {
                public List<String> steps() {
                    return PhysicalRestore.STEPS;
                }

                public long expectedBytes(RestoreRequest r) {
                    try {
                        return physical.candidates(r).stream().findFirst().map(Manifest::sizeBytes).orElse(0L);
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }

                public RestoreOutcome restore(RestoreRequest r, Steps steps) throws Exception {
                    return physical.restore(r, steps);
                }
            };
        }
        if (kind == JobKind.MODELS) {
            return new Restorer() {
                public List<String> steps() {
                    return ModelRestore.STEPS;
                }

                public long expectedBytes(RestoreRequest r) {
                    try {
                        return models.candidates(r).stream().findFirst().map(Manifest::compressedBytes).orElse(0L);
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }

                public RestoreOutcome restore(RestoreRequest r, Steps steps) throws Exception {
                    return models.restore(r, steps);
                }
            };
        }
        throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "no restore procedure for " + kind
                + (request.physical() ? " (physical)" : ""));
    }
}
