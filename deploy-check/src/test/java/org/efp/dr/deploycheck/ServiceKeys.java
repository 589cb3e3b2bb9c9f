package org.efp.dr.deploycheck;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The configuration a service reads, so that an environment variable a deployment sets can be checked against it.
 * Sources: the service's application.properties (its keys and the {@code ${NAME}} it expands), the
 * {@code @ConfigProperty} names and {@code @ConfigMapping} interfaces (walked by reflection) of the service and of
 * common, the {@code dr.*} and {@code DR_*} names its code reads directly, the Kafka clients' own settings
 * ({@code kafka.*}) and a few Quarkus settings of extensions the service configures (listed in {@link #QUARKUS}).
 * MicroProfile Config maps an environment variable to a key by upper-casing it and turning every other character
 * into '_', which is how {@link #reads(String)} compares.
 */
final class ServiceKeys {

    /**
     * Quarkus settings set only from the environment (never in application.properties), allowed for a service whose
     * properties configure the same extension (the first two segments): the datasource password, the SMTP login,
     * the embedded users (the REST users Secret) and log levels.
     */
    private static final List<String> QUARKUS = List.of("quarkus.datasource.password", "quarkus.mailer.username",
            "quarkus.mailer.password", "quarkus.security.users.embedded.users.*",
            "quarkus.security.users.embedded.roles.*", "quarkus.log.level", "quarkus.log.category.*.level");

    /** Read by the JVM itself: how the image sizes the heap (see deploy/docker/Dockerfile). */
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern DR_LITERAL = Pattern.compile("\"(dr\\.[a-z0-9.-]*[a-z0-9])\\.?\"");
    private static final Pattern ENV_LITERAL = Pattern.compile("\"(DR_[A-Z0-9_]+)\"");
    private static final Pattern EXPANSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");

    final String service;
    final Set<String> keys = new TreeSet<>();
    private final List<Pattern> patterns = new ArrayList<>();

    private ServiceKeys(String service) {
        this.service = service;
    }

    static ServiceKeys of(String service) {
        ServiceKeys k = new ServiceKeys(service);
        Path props = Repo.ROOT.resolve(service).resolve("src/main/resources/application.properties");
        Set<String> propertyKeys = new TreeSet<>();
        for (String line : Repo.read(props).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                continue;
            }
            String key = l.substring(0, l.indexOf('=')).strip();
            if (key.startsWith("%")) {
                key = key.substring(key.indexOf('.') + 1);
            }
            propertyKeys.add(key.replace("\"", ""));
            Matcher m = EXPANSION.matcher(l.substring(l.indexOf('=') + 1));
            while (m.find()) {
                k.keys.add(m.group(1));
            }
        }
        k.keys.addAll(propertyKeys);
        for (String q : QUARKUS) {
            String extension = q.substring(0, q.indexOf('.', "quarkus.".length()));
            if (propertyKeys.stream().anyMatch(p -> p.startsWith(extension + "."))) {
                k.keys.add(q);
            }
        }
        for (Path dir : List.of(Repo.ROOT.resolve(service).resolve("src/main/java"),
                Repo.ROOT.resolve("common/src/main/java"))) {
            for (Path source : Repo.files(dir, ".java")) {
                String text = Repo.read(source);
                addAll(CONFIG_PROPERTY, text, k.keys, "");
                addAll(ENV_LITERAL, text, k.keys, "");
                Matcher literal = DR_LITERAL.matcher(text);
                while (literal.find()) {
                    // "dr.notifier.routing.channels." is a prefix the code appends to
                    k.keys.add(literal.group(0).endsWith(".\"") ? literal.group(1) + ".*" : literal.group(1));
                }
                Matcher mapping = MAPPING.matcher(text);
                if (mapping.find()) {
                    k.walk(load(dir, source), mapping.group(1));
                }
            }
        }
        for (Set<String> names : List.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                AdminClientConfig.configNames())) {
            names.forEach(n -> k.keys.add("kafka." + n));
        }
        k.keys.addAll(JVM);
        for (String key : k.keys) {
            k.patterns.add(Pattern.compile(env(key)));
        }
        return k;
    }

    /** Whether the environment variable {@code name} sets a key this service reads. */
    boolean reads(String name) {
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** The environment variable pattern of a key; '*' stands for one map key. */
    static String env(String key) {
        StringBuilder re = new StringBuilder();
        for (String part : key.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append("[A-Z0-9_]+");
            }
            re.append(Pattern.quote(part.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return re.toString();
    }

    private static void addAll(Pattern p, String text, Set<String> into, String prefix) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(prefix + m.group(1));
        }
    }

    private static Class<?> load(Path root, Path source) {
        String rel = root.relativize(source).toString();
        String name = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
        try {
            Class<?> c = Class.forName(name);
            if (!c.isAnnotationPresent(ConfigMapping.class)) {
                throw new AssertionError(name + " has no @ConfigMapping at runtime");
            }
            return c;
        } catch (ClassNotFoundException e) {
            throw new AssertionError("cannot load " + name, e);
        }
    }

    private void walk(Class<?> type, String prefix) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value()
                    : kebab(m.getName());
            String key = m.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name;
            Type t = unwrap(m.getGenericReturnType());
            if (t instanceof ParameterizedType p && p.getRawType() == Map.class) {
                Type value = unwrap(p.getActualTypeArguments()[1]);
                if (group(value)) {
                    walk((Class<?>) value, key + ".*");
                } else {
                    keys.add(key + ".*");
                }
            } else if (group(t)) {
                walk((Class<?>) t, key);
            } else {
                keys.add(key);
            }
        }
    }

    private static Type unwrap(Type t) {
        if (t instanceof ParameterizedType p && (p.getRawType() == Optional.class)) {
            return unwrap(p.getActualTypeArguments()[0]);
        }
        return t;
    }

    private static boolean group(Type t) {
        return t instanceof Class<?> c && c.isInterface() && !c.getName().startsWith("java.");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
