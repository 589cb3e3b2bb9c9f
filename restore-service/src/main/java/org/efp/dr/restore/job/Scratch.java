package org.efp.dr.restore.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.PgTools;
import org.efp.dr.restore.postgres.DatabaseServer;
import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;

/**
 * Scratch resources a job creates, named so a restarted worker can remove them: {@code dir:<path>},
 * {@code db:<host>:<port>:<database>} and {@code cluster:<data directory>} (stopped, then removed).
 */
@ApplicationScoped
public class Scratch {

    private static final Logger LOG = Logger.getLogger(Scratch.class);

    private final PgTools tools;
    private final RestoreSettings settings;

    public Scratch(PgTools tools, RestoreSettings settings) {
        this.tools = tools;
        this.settings = settings;
    }

    /**
     * The directory {@code <root>/<area>/<id>} of one job, created: {@code id} must be a plain identifier
     * (Require.id), and the directory's real path must stay under the root's, so no id or link leads elsewhere.
     */
    public static Path jobDir(Path root, String area, String id) throws IOException {
        String checked;
        try {
            checked = org.efp.dr.common.events.Require.id(id, "job id");
        } catch (IllegalArgumentException e) {
            throw new org.efp.dr.restore.RestoreException(org.efp.dr.restore.RestoreException.Reason.BAD_REQUEST,
                    e.getMessage());
        }
        Path base = Files.createDirectories(root.toAbsolutePath().normalize().resolve(area));
        Path dir = base.resolve(checked);
        if (!dir.getParent().equals(base)) {
            throw new IOException("job directory " + dir + " is not directly under " + base);
        }
        Files.createDirectories(dir);
        if (!dir.toRealPath().startsWith(root.toRealPath()) || Files.isSymbolicLink(dir)) {
            throw new IOException("job directory " + dir + " resolves outside " + root);
        }
        return dir;
    }

    public static String dir(Path path) {
        return "dir:" + path.toAbsolutePath();
    }

    public static String database(DatabaseServer server, String database) {
        return "db:" + server.host() + ":" + server.port() + ":" + database;
    }

    public static String cluster(Path dataDir) {
        return "cluster:" + dataDir.toAbsolutePath();
    }

    /** Removes every resource; failures are logged, never thrown, so one leftover does not keep the rest. */
    public void removeAll(List<String> resources) {
        List<String> newestFirst = new java.util.ArrayList<>(resources);
        java.util.Collections.reverse(newestFirst);
        for (String resource : newestFirst) {
            try {
                remove(resource);
            } catch (Exception e) {
                LOG.warnf("scratch resource not removed resource=%s: %s", resource, e.getMessage());
            }
        }
    }

    void remove(String resource) throws Exception {
        int colon = resource.indexOf(':');
        String kind = resource.substring(0, colon);
        String value = resource.substring(colon + 1);
        switch (kind) {
            case "dir" -> delete(Path.of(value));
            case "db" -> {
                String[] parts = value.split(":", 3);
                DatabaseServer server = new DatabaseServer(parts[0], Integer.parseInt(parts[1]),
                        settings.energyForecast().user(), settings.energyForecast().password().orElse(null));
                server.drop(parts[2]);
            }
            case "cluster" -> {
                Path dataDir = Path.of(value);
                if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                    try {
                        tools.server("pg_ctl", List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
                                Duration.ofSeconds(60));
                    } catch (RuntimeException e) {
                        LOG.debugf("cluster was not running dataDir=%s: %s", dataDir, e.getMessage());
                    }
                }
                delete(dataDir);
            }
            default -> LOG.warnf("unknown scratch resource %s", resource);
        }
        LOG.infof("scratch removed resource=%s", resource);
    }

    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
