package org.efp.dr.restore.run;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.database.LogicalRestore;
import org.efp.dr.restore.database.PhysicalRestore;
import org.efp.dr.restore.database.PrimaryRebuild;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.RestoreOutcome;
import org.efp.dr.restore.job.RestoreRequest;
import org.efp.dr.restore.job.Steps;
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

    /** A restore procedure's work: what it restores the request with. */
    @FunctionalInterface
    interface Work {
        RestoreOutcome restore(RestoreRequest request, Steps steps) throws Exception;
    }

    /**
     * A procedure of {@code steps} whose expected size is that of its newest candidate backup ({@code candidates},
     * {@code size}; 0 while none can be listed) and whose work is {@code work}.
     */
    private static Restorer restorer(List<String> steps, Function<RestoreRequest, List<Manifest>> candidates,
            ToLongFunction<Manifest> size, Work work) {
        return new Restorer() {
            public List<String> steps() {
                return steps;
            }

            public long expectedBytes(RestoreRequest r) {
                try {
                    return candidates.apply(r).stream().findFirst().map(size::applyAsLong).orElse(0L);
                } catch (RuntimeException e) {
                    return 0;
                }
            }

            public RestoreOutcome restore(RestoreRequest r, Steps s) throws Exception {
                return work.restore(r, s);
            }
        };
    }

    public Restorer forRequest(JobKind kind, RestoreRequest request) {
        if (kind == JobKind.DATABASE && request.action() == RecoveryAction.DATABASE_REBUILD) {
            return restorer(PrimaryRebuild.STEPS, physical::candidates, Manifest::sizeBytes, rebuild::rebuild);
        }
        if (kind == JobKind.DATABASE && !request.physical()) {
            return restorer(LogicalRestore.steps(request), logical::candidates, Manifest::compressedBytes,
                    logical::restore);
        }
        if (kind == JobKind.DATABASE) {
            return restorer(PhysicalRestore.STEPS, physical::candidates, Manifest::sizeBytes, physical::restore);
        }
        if (kind == JobKind.MODELS) {
            return restorer(ModelRestore.STEPS, models::candidates, Manifest::compressedBytes, models::restore);
        }
        throw new RestoreException(RestoreException.Reason.BAD_REQUEST, "no restore procedure for " + kind
                + (request.physical() ? " (physical)" : ""));
    }
}
