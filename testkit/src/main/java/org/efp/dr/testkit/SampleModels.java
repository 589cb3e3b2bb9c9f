package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Model files of the sample app ({@code model.json}: coefficients of
 * {@code intercept + siteWeight * site + amplitude * sin(epochSeconds / periodSeconds)}), and the local run's model
 * directory: several versions under {@code versions/}, {@code current} and {@code previous} links as restore-service
 * keeps them. The sample meter readings follow {@link #GOOD} exactly, so its forecast error is about zero.
 */
public final class SampleModels {

    /** Coefficients of one model version. */
    public record Coefficients(double intercept, double siteWeight, double amplitude, double periodSeconds) {
    }

    /** Matches the sample meter readings (see sample/energy_forecast.sql). */
    public static final Coefficients GOOD = new Coefficients(20, 1, 10, 3600);
    /** Close to the readings (about 0.5 MW off). */
    public static final Coefficients OLDER = new Coefficients(20.5, 1, 10, 3600);
    /** Far from the readings (tens of MW off): what a bad model version looks like. */
    public static final Coefficients BAD = new Coefficients(65, -1, -10, 3600);

    private SampleModels() {
    }

    /** The {@code model.json} text of {@code version}. */
    public static String json(String version, Coefficients c) {
        return String.format(Locale.ROOT, "{\"name\":\"load-forecast\",\"version\":\"%s\",\"intercept\":%s,"
                + "\"siteWeight\":%s,\"amplitude\":%s,\"periodSeconds\":%s}\n", version, c.intercept(),
                c.siteWeight(), c.amplitude(), c.periodSeconds());
    }

    /**
     * Seeds an empty model directory: versions 1.0.0 (older), 1.1.0 (good, served) and 1.2.0-rc1 (bad, never
     * served), {@code current} at 1.1.0 and {@code previous} at 1.0.0. A directory with a {@code current} link is
     * left as it is (a restore may have switched it).
     */
    public static void seedLocal(Path modelsDir) {
        try {
            Files.createDirectories(modelsDir.resolve("versions"));
            if (Files.isSymbolicLink(modelsDir.resolve("current"))) {
                return;
            }
            write(modelsDir, "1.0.0", OLDER);
            write(modelsDir, "1.1.0", GOOD);
            write(modelsDir, "1.2.0-rc1", BAD);
            link(modelsDir, "previous", "versions/1.0.0");
            link(modelsDir, "current", "versions/1.1.0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seed the sample models in " + modelsDir, e);
        }
    }

    /**
     * One version as a model backup restores it: {@code models/model.json} and {@code metadata/model-card.json} (the
     * local run backs up the served version's {@code models} and {@code metadata} directories), under
     * {@code versions/<version>}; returns that directory.
     */
    public static Path write(Path modelsDir, String version, Coefficients c) throws IOException {
        Path dir = Files.createDirectories(modelsDir.resolve("versions").resolve(version));
        Files.writeString(Files.createDirectories(dir.resolve("models")).resolve("model.json"), json(version, c));
        Files.writeString(Files.createDirectories(dir.resolve("metadata")).resolve("model-card.json"),
                String.format(Locale.ROOT, "{\"name\":\"load-forecast\",\"version\":\"%s\"}%n", version));
        return dir;
    }

    /** Points the link {@code name} in {@code modelsDir} at {@code target} atomically (a new link renamed over it). */
    public static void link(Path modelsDir, String name, String target) throws IOException {
        Path tmp = modelsDir.resolve("." + name + ".link-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(target));
        Files.move(tmp, modelsDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
