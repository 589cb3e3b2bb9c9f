package org.efp.dr.drctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.config.BackupConfig;
import org.efp.dr.common.config.ConfigFileException;
import org.efp.dr.common.config.ContactMatrix;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.NotificationTemplates;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.RecoveryThresholds;
import org.efp.dr.common.config.SeedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The guide's YAML files, checked offline with the loaders the services use. */
@Command(name = "config", description = "Check the platform's configuration files offline.",
        subcommands = { ConfigCommand.Check.class })
final class ConfigCommand extends Verb.Group {

    /** The files the services read (SeedConfig), each checked by the loader that validates it. */
    static final List<String> FILES = List.of(BackupConfig.FILE, DrillSchedule.FILE, ContactMatrix.FILE,
            NotificationTemplates.FILE, RecoveryThresholds.FILE, RecoveryObjectives.FILE);

    /** Loads {@code file} from {@code dir} and every other file from the shipped defaults: its problem alone. */
    static void check(Path dir, String file) {
        Path alone = null;
        try {
            alone = Files.createTempDirectory("drctl-config-check");
            Files.copy(dir.resolve(file), alone.resolve(file));
            SeedConfig.load(alone, Map.of());
        } catch (IOException e) {
            throw new ConfigFileException(file, "(document)", "cannot be read: " + e.getMessage());
        } finally {
            if (alone != null) {
                try {
                    Files.deleteIfExists(alone.resolve(file));
                    Files.deleteIfExists(alone);
                } catch (IOException e) {
                    // a temporary copy left behind: nothing to report
                }
            }
        }
    }

    @Command(name = "check", description = "Validate the YAML files in DIR (backup-config.yaml, contacts.yaml, ...) "
            + "as the services would load them (DR_CONFIG_DIR); a file DIR lacks is the shipped default. "
            + "Exit 2 with file, key and problem for each error.")
    static final class Check extends Verb {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        int execute() {
            if (!Files.isDirectory(dir)) {
                throw usage(dir + " is not a directory");
            }
            ObjectNode result = Api.JSON.createObjectNode().put("directory", dir.toString());
            ArrayNode files = result.putArray("files");
            ArrayNode errors = result.putArray("errors");
            FILES.forEach(file -> {
                boolean present = Files.isRegularFile(dir.resolve(file));
                ObjectNode f = files.addObject().put("file", file).put("source", present
                        ? dir.resolve(file).toString() : "shipped default");
                try {
                    if (present) {
                        check(dir, file);
                    }
                    f.put("valid", true);
                } catch (ConfigFileException e) {
                    f.put("valid", false);
                    errors.addObject().put("file", file).put("key", e.key()).put("problem", problem(e));
                } catch (RuntimeException e) {
                    f.put("valid", false);
                    errors.addObject().put("file", file).put("key", "(document)").put("problem",
                            String.valueOf(e.getMessage()));
                }
            });
            ArrayNode ignored = result.putArray("notRead");
            try (Stream<Path> listing = Files.list(dir)) {
                listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                        .filter(n -> !FILES.contains(n)).sorted().forEach(ignored::add);
            } catch (IOException e) {
                throw usage(dir + " cannot be listed: " + e.getMessage());
            }
            result.put("valid", errors.isEmpty());
            print(result, ConfigCommand::table);
            for (JsonNode e : errors) {
                root().err.println("drctl: " + dir.resolve(e.path("file").asText()) + ": " + e.path("key").asText()
                        + ": " + e.path("problem").asText());
            }
            return errors.isEmpty() ? DrctlException.OK : DrctlException.USAGE;
        }
    }

    /** The problem alone: the exception's message without the "file: key: " it starts with. */
    static String problem(ConfigFileException e) {
        String prefix = e.file() + ": " + e.key() + ": ";
        String m = String.valueOf(e.getMessage());
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    static String table(JsonNode r) {
        StringBuilder s = new StringBuilder(Output.table(r.path("files"), List.of(Output.Column.of("FILE", "/file"),
                new Output.Column("VALID", f -> f.path("valid").asBoolean() ? "ok" : "INVALID"),
                Output.Column.of("SOURCE", "/source"))));
        for (JsonNode n : r.path("notRead")) {
            s.append("not read (no service loads it): ").append(n.asText()).append('\n');
        }
        return s.toString();
    }
}
