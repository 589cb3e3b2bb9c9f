package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Compose reads it (YAML with anchors and merge keys), checked without a Docker engine: every
 * service the platform needs is there, each of the five services is given only settings it reads and a user and
 * password next to every JDBC URL, dependencies exist and wait for health checks that exist, files mounted exist.
 */
class ComposeFileTest {

    private static Map<String, Object> services;
    private static Map<String, Object> compose;

    @BeforeAll
    static void read() {
        compose = Repo.document(Repo.ROOT.resolve("docker-compose.yml"));
        services = Repo.map(compose.get("services"));
    }

    @Test
    void theWholePlatformAndItsDependenciesAreThere() {
        assertThat(services.keySet()).containsAll(Repo.SERVICES).contains("kafka", "kafka-provision", "state-db",
                "energy-primary", "energy-standby", "s3", "mail", "redis", "prometheus", "alertmanager");
        Map<String, Object> standby = Repo.map(services.get("energy-standby"));
        assertThat(String.valueOf(standby.get("entrypoint"))).contains("standby-entrypoint.sh");
        assertThat(Repo.read(Repo.ROOT.resolve("deploy/postgres/standby-entrypoint.sh")))
                .contains("pg_basebackup").contains("-R");
        String kafka = String.valueOf(Repo.map(services.get("kafka")).get("environment"));
        assertThat(kafka).contains("KAFKA_PROCESS_ROLES=broker,controller").contains("SCRAM-SHA-512");
    }

    @Test
    void eachServiceIsGivenOnlySettingsItReadsAndCredentialsForEveryJdbcUrl() {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            ServiceKeys keys = ServiceKeys.of(service);
            Map<String, String> env = env(service);
            for (String name : env.keySet()) {
                if (!keys.reads(name)) {
                    problems.add(service + " sets " + name + ", which it does not read");
                }
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (!e.getValue().startsWith("jdbc:")) {
                    continue;
                }
                String prefix = e.getKey().startsWith("QUARKUS_DATASOURCE_") ? "QUARKUS_DATASOURCE_USERNAME"
                        : e.getKey().replaceAll("_(PRIMARY|STANDBY|TIMESERIES)_URL$", "_USER");
                String password = prefix.replaceAll("_(USERNAME|USER)$", "_PASSWORD");
                if (!env.containsKey(prefix) || !env.containsKey(password)) {
                    problems.add(service + ": " + e.getKey() + " without " + prefix + " and " + password);
                }
            }
            assertThat(env).as(service).containsKeys("DR_KAFKA_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                    "QUARKUS_DATASOURCE_PASSWORD");
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().matches(".*(PASSWORD|SECRET_KEY|_KEYS)$")) {
                    assertThat(e.getValue()).as(service + " " + e.getKey() + " comes from the environment")
                            .startsWith("${");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dependenciesExistAndWaitForHealthChecksThatExist() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> s : services.entrySet()) {
            Map<String, Object> svc = Repo.map(s.getValue());
            Object deps = svc.get("depends_on");
            Map<String, Object> byName = new TreeMap<>();
            if (deps instanceof List<?> l) {
                l.forEach(d -> byName.put(String.valueOf(d), Map.of()));
            } else {
                byName.putAll(Repo.map(deps));
            }
            for (Map.Entry<String, Object> d : byName.entrySet()) {
                Map<String, Object> target = Repo.map(services.get(d.getKey()));
                if (!services.containsKey(d.getKey())) {
                    problems.add(s.getKey() + " depends on unknown " + d.getKey());
                    continue;
                }
                Object condition = Repo.map(d.getValue()).get("condition");
                if ("service_healthy".equals(condition) && target.get("healthcheck") == null) {
                    problems.add(s.getKey() + " waits for " + d.getKey() + " to be healthy, which has no healthcheck");
                }
                if (!Set.of("service_healthy", "service_completed_successfully").contains(condition)) {
                    problems.add(s.getKey() + " starts with " + d.getKey() + " without waiting for it (" + condition
                            + ")");
                }
            }
            boolean oneShot = "no".equals(String.valueOf(svc.get("restart")));
            if (!oneShot && svc.get("healthcheck") == null) {
                problems.add(s.getKey() + " has no healthcheck");
            }
        }
        for (String service : Repo.SERVICES) {
            Map<String, Object> hc = Repo.map(Repo.map(services.get(service)).get("healthcheck"));
            assertThat(String.valueOf(hc.get("test"))).as(service).contains("/q/health/ready");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void portsStayOnLoopbackAndEveryFileOrVolumeMountedExists() {
        Set<String> volumes = Repo.map(compose.get("volumes")).keySet();
        Set<String> secrets = Repo.map(compose.get("secrets")).keySet();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> s : services.entrySet()) {
            Map<String, Object> svc = Repo.map(s.getValue());
            for (Object port : Repo.list(svc.get("ports"))) {
                if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add(s.getKey() + " publishes " + port + " beyond loopback");
                }
            }
            for (Object v : Repo.list(svc.get("volumes"))) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./")) {
                    if (!Files.exists(Repo.ROOT.resolve(source))) {
                        problems.add(s.getKey() + " mounts missing " + source);
                    }
                } else if (!volumes.contains(source)) {
                    problems.add(s.getKey() + " mounts undeclared volume " + source);
                }
            }
            for (Object sec : Repo.list(svc.get("secrets"))) {
                Object name = sec instanceof Map<?, ?> m ? m.get("source") : sec;
                if (!secrets.contains(String.valueOf(name))) {
                    problems.add(s.getKey() + " uses undeclared secret " + name);
                }
            }
            Map<String, Object> build = Repo.map(svc.get("build"));
            if (build.get("dockerfile") != null && !Files.exists(Repo.ROOT.resolve((String) build.get("dockerfile")))) {
                problems.add(s.getKey() + " builds from missing " + build.get("dockerfile"));
            }
        }
        assertThat(problems).isEmpty();
        Set<String> modelMounts = new TreeSet<>();
        for (String service : List.of("backup-service", "restore-service")) {
            Repo.list(Repo.map(services.get(service)).get("volumes")).stream().map(String::valueOf)
                    .filter(v -> v.startsWith("models:")).forEach(modelMounts::add);
        }
        assertThat(modelMounts).as("the model store is shared by backup and restore").hasSize(2);
    }

    private static Map<String, String> env(String service) {
        Object env = Repo.map(services.get(service)).get("environment");
        Map<String, String> out = new TreeMap<>();
        if (env instanceof List<?> l) {
            l.forEach(e -> {
                String s = String.valueOf(e);
                out.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            });
        } else {
            Repo.map(env).forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }
}
