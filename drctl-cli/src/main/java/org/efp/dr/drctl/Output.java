package org.efp.dr.drctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Renders what a command got: a table for people, JSON or YAML (the services' own documents) for scripts. */
final class Output {

    /** The {@code --output} choices. */
    enum Format {
        table, json, yaml
    }

    /** One table column: its header and how a row shows in it. */
    record Column(String header, Function<JsonNode, String> cell) {

        /** The text at {@code pointer} (e.g. {@code /backup/status}), "-" when absent. */
        static Column of(String header, String pointer) {
            return new Column(header, row -> text(row.at(pointer)));
        }

        /** A byte count at {@code pointer}, as KiB/MiB/GiB. */
        static Column bytes(String header, String pointer) {
            return new Column(header, row -> row.at(pointer).isNumber() ? Output.bytes(row.at(pointer).asLong()) : "-");
        }

        /** The age of the instant at {@code pointer} relative to {@code now}, as "3h12m". */
        static Column age(String header, String pointer, Instant now) {
            return new Column(header, row -> {
                Instant at = instant(row.at(pointer));
                return at == null ? "-" : duration(Duration.between(at, now));
            });
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Output() {
    }

    /** {@code data} in {@code format}; {@code table} renders the table form. */
    static void print(PrintWriter out, Format format, JsonNode data, Function<JsonNode, String> table) {
        try {
            switch (format) {
                case json -> out.println(JSON.writeValueAsString(data));
                case yaml -> out.print(YAML.writeValueAsString(data));
                default -> out.print(table.apply(data));
            }
        } catch (JsonProcessingException e) {
            throw new DrctlException(DrctlException.FAILED, "cannot render the answer: " + e.getOriginalMessage());
        }
        out.flush();
    }

    /** Rows under aligned headers; "(none)" for no rows. */
    static String table(JsonNode rows, List<Column> columns) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        if (rows != null && rows.isArray()) {
            for (JsonNode row : rows) {
                lines.add(columns.stream().map(c -> oneLine(c.cell().apply(row))).toArray(String[]::new));
            }
        }
        if (lines.size() == 1) {
            return "(none)\n";
        }
        int[] width = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                l.append(i == line.length - 1 ? line[i] : pad(line[i], width[i] + 2));
            }
            s.append(l.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    /** Every present value of a document as "key.sub: value" lines; lists of scalars joined by ", ". */
    static String fields(JsonNode document) {
        List<String[]> lines = new ArrayList<>();
        flatten("", document, lines);
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (String[] l : lines) {
            s.append(pad(l[0] + ":", width + 2)).append(l[1]).append('\n');
        }
        return s.toString();
    }

    private static void flatten(String prefix, JsonNode node, List<String[]> lines) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), lines);
            }
        } else if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode item : node) {
                scalars &= item.isValueNode();
            }
            if (scalars) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                lines.add(new String[] { prefix, items.isEmpty() ? "-" : oneLine(String.join(", ", items)) });
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(prefix + "[" + i + "]", node.get(i), lines);
                }
            }
        } else {
            lines.add(new String[] { prefix, oneLine(node.asText()) });
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }

    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A job's progress as the services report it (common JobProgress as JSON) on one line:
     * {@code [#########-----------]  45.0 % 1.2 GiB of 2.7 GiB, 85.0 MiB/s, step 'base backup', ETA 18s}.
     * Unknown figures are left out; empty when there is no progress document.
     */
    static String progress(JsonNode p) {
        if (p == null || !p.isObject()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        if (p.path("percent").isNumber()) {
            double pct = Math.max(0, Math.min(100, p.path("percent").asDouble()));
            int filled = (int) Math.round(pct / 5);
            s.append('[').append("#".repeat(filled)).append("-".repeat(20 - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%5.1f %%", pct));
        }
        long done = p.path("bytesDone").asLong();
        if (done > 0 || p.path("bytesTotal").isNumber()) {
            s.append(s.length() > 0 ? " " : "").append(bytes(done));
            if (p.path("bytesTotal").isNumber()) {
                s.append(" of ").append(bytes(p.path("bytesTotal").asLong()));
            }
        }
        if (p.path("bytesPerSecond").asDouble() > 0) {
            s.append(", ").append(bytes((long) p.path("bytesPerSecond").asDouble())).append("/s");
        }
        if (!p.path("step").asText("").isEmpty()) {
            s.append(s.length() > 0 ? ", " : "").append("step '").append(oneLine(p.path("step").asText())).append('\'');
        }
        if (p.path("etaSeconds").isNumber() && !p.path("finished").asBoolean()) {
            s.append(", ETA ").append(duration(Duration.ofSeconds(p.path("etaSeconds").asLong())));
        }
        return s.toString();
    }

    /** 1536 -> "1.5 KiB". */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** 3h 12m 5s -> "3h12m"; under a minute "45s"; days "2d3h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (s < 86400) {
            return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
        }
        return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
    }

    private static String oneLine(String s) {
        return s == null ? "-" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
