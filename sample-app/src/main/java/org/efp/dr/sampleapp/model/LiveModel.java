package org.efp.dr.sampleapp.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.sampleapp.config.AppSettings;
import org.jboss.logging.Logger;

/**
 * The model the app serves: {@code <models-dir>/current/model.json}, where {@code current} is the link restore-service
 * switches atomically. The link is checked every reload interval and the model read again when it points elsewhere,
 * so a restore or a rollback takes effect without a restart. The served version is the name of the directory the link
 * points at. A version whose file cannot be read is still the served one: forecasts fail (and are counted as errors
 * of that version) until the link changes, rather than silently serving an older model.
 */
@ApplicationScoped
@Startup
public class LiveModel {

    /** A version label: the directory name, kept to characters safe in a metric label. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Logger LOG = Logger.getLogger(LiveModel.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What serves now: the version directory's name, and its model or why it could not be read. */
    public record Served(String version, Path dir, ForecastModel model, String problem) {
        public boolean usable() {
            return model != null;
        }
    }

    private final Path modelsDir;
    private volatile Served served = new Served("none", null, null, "no model loaded yet");

    public LiveModel(AppSettings settings) {
        this.modelsDir = settings.modelsDir().toAbsolutePath().normalize();
        reload();
    }

    public Served served() {
        return served;
    }

    /** Reads the model again when {@code current} points at another directory than the one served. */
    @Scheduled(every = "${app.models.reload-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void reload() {
        Optional<Path> dir = currentDir();
        if (dir.isEmpty()) {
            served = new Served("none", null, null, "no " + modelsDir.resolve("current") + " link");
            return;
        }
        if (dir.get().equals(served.dir())) {
            return;
        }
        served = load(dir.get());
        LOG.infof("model switched version=%s usable=%s%s", served.version(), served.usable(),
                served.problem() == null ? "" : " problem=" + served.problem());
    }

    private Optional<Path> currentDir() {
        Path current = modelsDir.resolve("current");
        try {
            return Files.exists(current) ? Optional.of(current.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Served load(Path dir) {
        String name = dir.getFileName().toString();
        String version = VERSION.matcher(name).matches() ? name : "unnamed";
        try {
            ForecastModel model = JSON.readValue(Files.readAllBytes(modelFile(dir)), ForecastModel.class);
            return new Served(version, dir, model, null);
        } catch (IOException | RuntimeException e) {
            return new Served(version, dir, null, "model.json of " + version + " unreadable: " + e.getMessage());
        }
    }

    /**
     * {@code model.json} at the version's top, or in its {@code models} directory: a version restored from a model
     * backup keeps each backed-up directory by name ({@code models/}, {@code metadata/}).
     */
    static Path modelFile(Path dir) {
        Path top = dir.resolve("model.json");
        Path nested = dir.resolve("models").resolve("model.json");
        return !Files.exists(top) && Files.exists(nested) ? nested : top;
    }
}
