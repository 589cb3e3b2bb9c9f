package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.efp.dr.testkit.SampleModels;

/**
 * The guide's model_failure scenario, second variant: a bad model version is deployed over the served one (the live
 * {@code current} link switched to it, the replaced version kept as {@code previous}, as a release would). Nothing
 * is missing, so no health check fails: the platform must notice from the forecasts themselves (the app's
 * forecast error, Prometheus' EnergyForecastModelInaccurate alert, Alertmanager, failover-service), restore a good
 * version from the model backups and measure the recovery. When it does not within the watch time, the drill
 * switches the link back itself.
 */
final class BadModelDrill extends ComponentDrill {

    static final String VARIANT = "bad-version";

    private final Path modelsDir;
    private final String badVersion;
    private Map<String, String> before;
    private Path servedLink;

    BadModelDrill(LivePlatform platform, Path modelsDir, String badVersion, Duration rto, Duration rpo,
            Duration watchTimeout, PrintStream out) {
        super(platform, ModelFailureDrill.SCENARIO, ModelFailureDrill.COMPONENT, rto, rpo, watchTimeout, out);
        this.modelsDir = modelsDir;
        this.badVersion = badVersion;
    }

    @Override
    String prepare() throws IOException {
        before = ModelFailureDrill.served(modelsDir);
        if (before.isEmpty()) {
            throw new IllegalStateException("the live model directory " + modelsDir + " serves no files (no current "
                    + "version): nothing to replace (set DR_DRILL_MODELS_DIR to the directory the platform serves "
                    + "models from)");
        }
        if (!badVersion.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalStateException("not a model version name: " + badVersion);
        }
        Path bad = modelsDir.resolve("versions").resolve(badVersion);
        String written = "";
        if (!Files.exists(bad, LinkOption.NOFOLLOW_LINKS)) {
            // A restore replaced the directory the sample's bad version was seeded in: write it again.
            SampleModels.write(modelsDir, badVersion, SampleModels.BAD);
            written = " (written as the sample's bad version)";
        }
        servedLink = Files.readSymbolicLink(modelsDir.resolve("current"));
        if (modelsDir.resolve(servedLink).normalize().equals(bad.normalize())) {
            throw new IllegalStateException("the bad version " + badVersion + " is already served");
        }
        return "served version " + servedLink.getFileName() + " (" + before.size() + " file(s)) to be replaced by "
                + badVersion + written;
    }

    @Override
    String breakIt() throws IOException {
        SampleModels.link(modelsDir, "previous", servedLink.toString());
        SampleModels.link(modelsDir, "current", Path.of("versions", badVersion).toString());
        return "deployed the bad model version " + badVersion + " over " + servedLink.getFileName()
                + " (current -> versions/" + badVersion + ")";
    }

    @Override
    String healed() throws IOException {
        return ModelFailureDrill.served(modelsDir).equals(before) ? "a version with the files of "
                + servedLink.getFileName() + " serves again (current -> " + Files.readSymbolicLink(modelsDir.resolve(
                        "current")) + ")" : null;
    }

    @Override
    String putBack() throws IOException {
        SampleModels.link(modelsDir, "current", servedLink.toString());
        return "switched current back to " + servedLink + " (the platform did not replace the bad version)";
    }

    @Override
    String lost() {
        return "the bad version " + badVersion + " kept serving";
    }
}
