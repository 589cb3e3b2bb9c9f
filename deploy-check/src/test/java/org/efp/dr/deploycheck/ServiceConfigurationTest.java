package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The values a deployment gives are ones the service accepts: for every Deployment of the Kubernetes bundle (base and
 * overlays) and every compose service, the service's own application.properties plus the deployment's environment
 * (secrets as placeholders) are loaded into SmallRye Config, the configuration library the services run on, with the
 * service's {@code @ConfigMapping} interfaces under the prod profile, so a wrong type ("four" for a number, "15" for
 * a duration) or a missing required value fails the build instead of the pod's start.
 */
class ServiceConfigurationTest {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");

    @Test
    void everyKubernetesDeploymentsEnvironmentBuildsTheServicesConfiguration() {
        List<String> failures = new ArrayList<>();
        Map<String, List<Map<String, Object>>> renderings = new LinkedHashMap<>();
        renderings.put("base", Kustomize.render(Repo.K8S.resolve("base")));
        Kustomize.overlays().forEach(o -> renderings.put(o.getFileName().toString(), Kustomize.render(o)));
        int checked = 0;
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings.entrySet()) {
            for (Map<String, Object> doc : r.getValue()) {
                if (!"Deployment".equals(doc.get("kind"))) {
                    continue;
                }
                HasMetadata m = Model.parse(doc);
                Deployment d = (Deployment) m;
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                Map<String, String> env = new TreeMap<>(KubernetesManifestsTest.env(pod, r.getValue()));
                for (EnvVar e : pod.getContainers().get(0).getEnv()) {
                    if (e.getValueFrom() != null) {
                        env.put(e.getName(), "placeholder");
                    }
                }
                String service = d.getMetadata().getName();
                check(r.getKey() + ": " + service, service, env, failures);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4 * Repo.SERVICES.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void everyComposeServicesEnvironmentBuildsTheServicesConfiguration() {
        Map<String, Object> services = Repo.map(Repo.document(Repo.ROOT.resolve("docker-compose.yml")).get("services"));
        List<String> failures = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Map<String, String> env = new TreeMap<>();
            Repo.map(Repo.map(services.get(service)).get("environment")).forEach((k, v) -> env.put(k,
                    String.valueOf(v).startsWith("${") ? "placeholder" : String.valueOf(v)));
            check("compose: " + service, service, env, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aWronglyTypedValueIsCaught() {
        List<String> failures = new ArrayList<>();
        check("probe", "restore-service", Map.of("DR_RESTORE_PARALLEL_JOBS", "four", "DR_ENERGY_FORECAST_PASSWORD",
                "x"), failures);
        assertThat(failures).singleElement().asString().contains("parallel-jobs");
    }

    private static void check(String what, String service, Map<String, String> env, List<String> failures) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(properties(service), "application.properties", 250))
                .withDefaultValue("quarkus.uuid", "00000000-0000-0000-0000-000000000000")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withValidateUnknown(false);
        for (Class<?> mapping : mappings(service)) {
            builder.withMapping(mapping);
        }
        try {
            builder.build();
        } catch (RuntimeException e) {
            failures.add(what + ": " + e.getMessage());
        }
    }

    private static Map<String, String> properties(String service) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Repo.read(Repo.ROOT.resolve(service)
                    .resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    private static List<Class<?>> mappings(String service) {
        List<Class<?>> out = new ArrayList<>();
        for (Path dir : List.of(Repo.ROOT.resolve(service).resolve("src/main/java"),
                Repo.ROOT.resolve("common/src/main/java"))) {
            for (Path source : Repo.files(dir, ".java")) {
                Matcher m = MAPPING.matcher(Repo.read(source));
                if (m.find()) {
                    String rel = dir.relativize(source).toString();
                    try {
                        out.add(Class.forName(rel.substring(0, rel.length() - 5).replace('/', '.')));
                    } catch (ClassNotFoundException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        assertThat(out).as(service + " mappings").isNotEmpty();
        return out;
    }
}
