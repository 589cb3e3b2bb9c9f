package org.efp.dr.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads one seed YAML file: the operator's copy in the config directory when there is one, else the guide's
 * version shipped in this library; then applies environment overrides of single values.
 *
 * <p>An override is named {@code DR_<FILE>__<KEY>__<KEY>...}: the file name without ".yaml" and each key upper-cased,
 * other characters as '_', keys joined by "__". Example: {@code DR_BACKUP_CONFIG__SCHEDULE__DATABASE__FULL__RETENTION=14d}.
 */
public final class SeedFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SeedFile() {
    }

    /** The root node of {@code fileName}, overrides applied. */
    public static YamlNode load(String fileName, Path configDir, Map<String, String> env) {
        JsonNode tree = parse(fileName, configDir);
        if (tree == null || !tree.isObject()) {
            throw new ConfigFileException(fileName, "(document)", "must be a YAML mapping");
        }
        applyOverrides((ObjectNode) tree, envPrefix(fileName), env);
        return new YamlNode(fileName, "", tree);
    }

    /** The environment variable that overrides {@code key} (dotted path) of {@code fileName}. */
    public static String overrideName(String fileName, String dottedKey) {
        StringBuilder name = new StringBuilder(envPrefix(fileName));
        for (String part : dottedKey.split("\\.")) {
            name.append("__").append(envWord(part));
        }
        return name.toString();
    }

    private static JsonNode parse(String fileName, Path configDir) {
        Path operatorCopy = configDir == null ? null : configDir.resolve(fileName);
        try {
            if (operatorCopy != null && Files.isRegularFile(operatorCopy)) {
                return YAML.readTree(operatorCopy.toFile());
            }
            try (InputStream in = SeedFile.class.getClassLoader().getResourceAsStream("seed/" + fileName)) {
                if (in == null) {
                    throw new ConfigFileException(fileName, "(document)", "no such seed file");
                }
                return YAML.readTree(in);
            }
        } catch (IOException e) {
            String where = operatorCopy != null && Files.isRegularFile(operatorCopy) ? operatorCopy.toString() : fileName;
            throw new ConfigFileException(where, "(document)", "is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static void applyOverrides(ObjectNode root, String prefix, Map<String, String> env) {
        List<String[]> leaves = new ArrayList<>();
        collectLeaves(root, new ArrayList<>(), leaves);
        for (String[] path : leaves) {
            StringBuilder name = new StringBuilder(prefix);
            for (String part : path) {
                name.append("__").append(envWord(part));
            }
            String value = env.get(name.toString());
            if (value != null) {
                ObjectNode parent = root;
                for (int i = 0; i < path.length - 1; i++) {
                    parent = (ObjectNode) parent.get(path[i]);
                }
                parent.set(path[path.length - 1], TextNode.valueOf(value));
            }
        }
    }

    private static void collectLeaves(JsonNode node, List<String> path, List<String[]> leaves) {
        node.fields().forEachRemaining(e -> {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(e.getKey());
            if (e.getValue().isObject()) {
                collectLeaves(e.getValue(), childPath, leaves);
            } else {
                leaves.add(childPath.toArray(String[]::new));
            }
        });
    }

    private static String envPrefix(String fileName) {
        return "DR_" + envWord(fileName.replaceFirst("\\.ya?ml$", ""));
    }

    private static String envWord(String word) {
        return word.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
