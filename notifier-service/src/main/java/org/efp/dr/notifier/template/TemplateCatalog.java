package org.efp.dr.notifier.template;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.efp.dr.common.config.ConfigFileException;
import org.efp.dr.common.config.NotificationTemplates;
import org.efp.dr.common.config.NotificationTemplates.Template;
import org.efp.dr.common.config.SeedFile;

/**
 * The templates the notifier renders: the guide's (notification-templates.yaml) and its own
 * (notifier-templates.yaml), both overridable from the operator's config directory. Built once at start-up:
 * a missing template or a field the notifier does not fill stops the service with the template and field named.
 */
public final class TemplateCatalog {

    /** The notifier's own template file. */
    public static final String FILE = "notifier-templates.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final Map<String, Template> templates;

    private TemplateCatalog(Map<String, Template> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** Merges the guide's templates over the notifier's own (read from {@code configDir} or the shipped file). */
    public static TemplateCatalog load(NotificationTemplates guide, Path configDir, Map<String, String> env) {
        Map<String, Template> merged = new LinkedHashMap<>();
        SeedFile.load(FILE, configDir, env).required("templates").entries()
                .forEach((name, node) -> merged.put(name, parse(name, node.text())));
        merged.putAll(guide.templates());
        return of(merged);
    }

    /** Validates {@code templates} against the fields the notifier fills. */
    public static TemplateCatalog of(Map<String, Template> templates) {
        for (String needed : TemplateFields.templates()) {
            if (!templates.containsKey(needed)) {
                throw new ConfigFileException(FILE, "templates." + needed, "is missing");
            }
        }
        templates.values().forEach(TemplateCatalog::check);
        return new TemplateCatalog(templates);
    }

    private static void check(Template template) {
        Set<String> allowed = TemplateFields.allowed(template.name());
        if (allowed.isEmpty()) {
            throw new ConfigFileException(FILE, "templates." + template.name(),
                    "is not a notification the notifier sends; known: " + new TreeSet<>(TemplateFields.templates()));
        }
        for (String field : template.fields()) {
            if (!allowed.contains(field)) {
                throw new ConfigFileException(FILE, "templates." + template.name(), "uses unknown field {" + field
                        + "}; allowed: " + new TreeSet<>(allowed));
            }
        }
    }

    static Template parse(String name, String text) {
        Set<String> fields = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return new Template(name, text, Set.copyOf(fields));
    }

    /** Renders {@code template} with {@code values}, trimmed. */
    public String render(String template, Map<String, String> values) {
        Template t = templates.get(template);
        if (t == null) {
            throw new IllegalArgumentException("no template " + template);
        }
        return t.render(values).strip();
    }
}
