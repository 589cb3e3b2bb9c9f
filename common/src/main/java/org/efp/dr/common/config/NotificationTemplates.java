package org.efp.dr.common.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code notification-templates.yaml}: the guide's message templates with their {field} placeholders. */
public record NotificationTemplates(Map<String, Template> templates) {

    public static final String FILE = "notification-templates.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** A template's text and the fields it uses, in order of first use. */
    public record Template(String name, String text, Set<String> fields) {

        /** Fills every placeholder; a field without a value is shown as "n/a". */
        public String render(Map<String, String> values) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "n/a")));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    public NotificationTemplates {
        templates = Map.copyOf(templates);
    }

    public Optional<Template> template(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    static NotificationTemplates from(YamlNode root) {
        Map<String, Template> templates = new LinkedHashMap<>();
        root.required("templates").entries().forEach((name, node) -> {
            String text = node.text();
            Set<String> fields = new LinkedHashSet<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                fields.add(m.group(1));
            }
            if (text.replaceAll(PLACEHOLDER.pattern(), "").matches("(?s).*[{}].*")) {
                throw node.error("has a malformed placeholder: use {lower_case_name}");
            }
            templates.put(name, new Template(name, text, Set.copyOf(fields)));
        });
        return new NotificationTemplates(templates);
    }
}
