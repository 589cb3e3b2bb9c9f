package org.efp.dr.common.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;

/** A node of a seed YAML file that knows its file and key path, so every error names both. */
public final class YamlNode {

    private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final String file;
    private final String path;
    private final JsonNode node;

    YamlNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public String path() {
        return path;
    }

    public ConfigFileException error(String problem) {
        return new ConfigFileException(file, path.isEmpty() ? "(document)" : path, problem);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The child {@code key}; missing is an error. */
    public YamlNode required(String key) {
        JsonNode child = node == null ? null : node.get(key);
        if (child == null || child.isNull()) {
            throw new ConfigFileException(file, childPath(key), "is missing");
        }
        return new YamlNode(file, childPath(key), child);
    }

    public boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    /** The children of a mapping, in file order; an empty or non-mapping node is an error. */
    public Map<String, YamlNode> entries() {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw error("must be a mapping with at least one entry");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> entries.put(e.getKey(),
                new YamlNode(file, childPath(e.getKey()), e.getValue())));
        return entries;
    }

    public String text() {
        if (node == null || !node.isValueNode() || node.asText().isBlank()) {
            throw error("must be a non-empty value");
        }
        return node.asText().trim();
    }

    public boolean bool() {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = text().toLowerCase();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw error("must be true or false, not '" + node.asText() + "'");
    }

    public Duration duration() {
        try {
            return DurationText.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A five-field Unix cron expression, as the guide writes them (minute hour day month weekday). */
    public String cron() {
        String text = text();
        try {
            UNIX_CRON.parse(text).validate();
            return text;
        } catch (IllegalArgumentException e) {
            throw error("'" + text + "' is not a five-field cron expression (minute hour day month weekday): "
                    + e.getMessage());
        }
    }

    public String email() {
        String text = text();
        if (!EMAIL.matcher(text).matches()) {
            throw error("'" + text + "' is not an email address");
        }
        return text;
    }

    public String phone() {
        String text = text();
        if (!E164.matcher(text).matches()) {
            throw error("'" + text + "' is not a phone number in E.164 form (+ and 7 to 15 digits)");
        }
        return text;
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String oneOf(Set<String> allowed) {
        String text = text().toLowerCase();
        if (!allowed.contains(text)) {
            throw error("'" + node.asText() + "' is not one of " + allowed);
        }
        return text;
    }
}
