package org.efp.dr.backup.run;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.common.events.BackupKind;

/** What can be backed up and how: the guide's two databases, the model artifacts and the configs. */
@ApplicationScoped
public class BackupTargets {

    public static final String ENERGY_FORECAST = "energy_forecast";
    public static final String TIMESERIES = "timeseries";
    public static final String MODELS = "models";
    public static final String CONFIGS = "configs";

    private final Instance<BackupJob> jobs;

    public BackupTargets(Instance<BackupJob> jobs) {
        // Jobs resolve the database per run: after a failover, the next backup goes to the new primary.
        this.jobs = jobs;
    }

    /** The kinds each target supports. */
    public Map<String, Set<BackupKind>> supported() {
        return Map.of(ENERGY_FORECAST, Set.of(BackupKind.FULL, BackupKind.BASE, BackupKind.INCREMENTAL),
                TIMESERIES, Set.of(BackupKind.FULL, BackupKind.BASE),
                MODELS, Set.of(BackupKind.MODELS), CONFIGS, Set.of(BackupKind.CONFIGS));
    }

    /** The job for {@code target}/{@code kind}; an unsupported pair is an {@link IllegalArgumentException}. */
    public BackupJob job(String target, BackupKind kind) {
        check(target, kind);
        List<BackupJob> found = jobs.stream().filter(j -> j.kinds().contains(kind)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " backup jobs take " + kind + " backups; expected one");
        }
        return found.get(0);
    }

    /**
     * Refuses a target/kind pair that does not exist ({@link IllegalArgumentException}); where the database is now
     * is looked up only when the job runs.
     */
    public void check(String target, BackupKind kind) {
        Set<BackupKind> kinds = supported().get(target);
        if (kinds == null) {
            throw new IllegalArgumentException("unknown backup target '" + target + "'; known: "
                    + supported().keySet());
        }
        if (!kinds.contains(kind)) {
            throw new IllegalArgumentException("target '" + target + "' has no " + kind + " backups; it has " + kinds);
        }
    }

    public List<String> databaseTargets() {
        return List.of(ENERGY_FORECAST, TIMESERIES);
    }
}
