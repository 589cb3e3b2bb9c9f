package org.efp.dr.drctl;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Where the services are and who drctl is to them. Read from the config file, then the environment, which wins:
 *
 * <pre>
 * # ~/.config/drctl/config.yaml (or $DRCTL_CONFIG, or --config FILE)
 * endpoints:
 *   backup: http://127.0.0.1:8081
 *   restore: http://127.0.0.1:8082
 *   failover: http://127.0.0.1:8083
 *   notifier: http://127.0.0.1:8084
 *   metrics: http://127.0.0.1:8085
 * user: operator
 * password-file: ~/.config/drctl/password   # or password: ...
 * </pre>
 *
 * Environment: {@code DRCTL_BACKUP_URL}, {@code DRCTL_RESTORE_URL}, {@code DRCTL_FAILOVER_URL},
 * {@code DRCTL_NOTIFIER_URL}, {@code DRCTL_METRICS_URL}, {@code DRCTL_USER}, {@code DRCTL_PASSWORD}.
 */
final class Settings {

    static final String CONFIG_ENV = "DRCTL_CONFIG";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<Service, URI> endpoints;
    private final String user;
    private final String password;
    private final String source;

    private Settings(Map<Service, URI> endpoints, String user, String password, String source) {
        this.endpoints = endpoints;
        this.user = user;
        this.password = password;
        this.source = source;
    }

    /** Reads {@code configOption} (null: {@code $DRCTL_CONFIG}, else the default file if present) and {@code env}. */
    static Settings resolve(Path configOption, Map<String, String> env) {
        Path file = configOption;
        boolean explicit = file != null;
        if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
            file = Path.of(env.get(CONFIG_ENV));
            explicit = true;
        }
        if (file == null && env.get("HOME") != null) {
            file = Path.of(env.get("HOME"), ".config", "drctl", "config.yaml");
        }
        JsonNode tree = YAML.createObjectNode();
        String source = "the environment";
        if (file != null && Files.isRegularFile(file)) {
            try {
                JsonNode read = YAML.readTree(file.toFile());
                if (read != null && !read.isMissingNode() && !read.isNull()) {
                    if (!read.isObject()) {
                        throw DrctlException.usage(file + ": must be a YAML mapping");
                    }
                    tree = read;
                }
            } catch (IOException e) {
                throw DrctlException.usage(file + ": is not valid YAML: " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
            source = file + " and the environment";
        } else if (explicit) {
            throw DrctlException.usage("config file " + file + " does not exist");
        }
        Map<Service, URI> endpoints = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            String value = firstNonBlank(env.get(s.envVariable()), text(tree.path("endpoints").path(s.key())));
            if (value != null) {
                endpoints.put(s, url(value, s));
            }
        }
        String user = firstNonBlank(env.get("DRCTL_USER"), text(tree.path("user")));
        String password = firstNonBlank(env.get("DRCTL_PASSWORD"), text(tree.path("password")));
        String passwordFile = text(tree.path("password-file"));
        if (password == null && passwordFile != null) {
            Path p = Path.of(passwordFile.startsWith("~/") && env.get("HOME") != null
                    ? env.get("HOME") + passwordFile.substring(1) : passwordFile);
            try {
                password = Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw DrctlException.usage("password-file " + p + " cannot be read");
            }
        }
        return new Settings(endpoints, user, password, source);
    }

    URI endpoint(Service service) {
        URI uri = endpoints.get(service);
        if (uri == null) {
            throw DrctlException.usage("no URL for " + service.serviceName() + ": set " + service.envVariable()
                    + " or endpoints." + service.key() + " in the config file");
        }
        return uri;
    }

    boolean has(Service service) {
        return endpoints.containsKey(service);
    }

    String user() {
        if (user == null || password == null) {
            throw DrctlException.usage("no credentials: set DRCTL_USER and DRCTL_PASSWORD, or user and password "
                    + "(or password-file) in the config file (read " + source + ")");
        }
        return user;
    }

    /** The password, for the Authorization header only; never printed. */
    String password() {
        user();
        return password;
    }

    private static URI url(String value, Service s) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw DrctlException.usage(s.envVariable() + " / endpoints." + s.key() + " '" + value
                    + "' is not an http(s) URL");
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
