package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * The Kubernetes bundle (deploy/k8s): the base and every overlay as kustomize renders them, parsed by fabric8's model
 * with unknown fields failing, and checked for what an SRE relies on: probes, non-root read-only pods whose volumes
 * exist, disruption budgets, least-privilege RBAC, Secrets and ConfigMaps that exist with the keys referenced, and
 * environment variables each service really reads.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Repo.K8S.resolve("base");

    private static Map<String, List<Map<String, Object>>> renderings() {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        all.put("base", Kustomize.render(BASE));
        for (Path overlay : Kustomize.overlays()) {
            all.put(overlay.getFileName().toString(), Kustomize.render(overlay));
        }
        return all;
    }

    private static List<HasMetadata> models(List<Map<String, Object>> docs) {
        return docs.stream().filter(d -> !Model.CUSTOM.contains(Model.type(d))).map(Model::parse).toList();
    }

    /** The example Secrets (deploy/k8s/secrets/*.yaml.example): name → keys. */
    private static Map<String, Set<String>> exampleSecrets() {
        Map<String, Set<String>> secrets = new TreeMap<>();
        for (Path f : Repo.files(Repo.K8S.resolve("secrets"), ".yaml.example")) {
            for (Map<String, Object> doc : Repo.documents(f)) {
                io.fabric8.kubernetes.api.model.Secret s = (io.fabric8.kubernetes.api.model.Secret) Model.parse(doc);
                assertThat(Model.unknownFields(s)).as(f.toString()).isEmpty();
                Set<String> keys = new TreeSet<>(s.getStringData() == null ? Set.of() : s.getStringData().keySet());
                if (s.getData() != null) {
                    keys.addAll(s.getData().keySet());
                }
                s.getStringData().values().forEach(v -> assertThat(v).as("placeholder in example Secret "
                        + s.getMetadata().getName()).matches("(?s).*CHANGE_ME.*|[a-z0-9]+"));
                secrets.put(s.getMetadata().getName(), keys);
            }
        }
        return secrets;
    }

    @Test
    void everyManifestParsesIntoTheKubernetesModelWithoutUnknownFields() {
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings().entrySet()) {
            assertThat(r.getValue()).as(r.getKey()).hasSizeGreaterThan(30);
            for (Map<String, Object> doc : r.getValue()) {
                if (Model.CUSTOM.contains(Model.type(doc))) {
                    continue;
                }
                HasMetadata m = Model.parse(doc);
                assertThat(Model.unknownFields(m)).as(r.getKey() + ": " + m.getKind() + " "
                        + m.getMetadata().getName()).isEmpty();
                assertThat(m.getMetadata().getNamespace() != null || m.getKind().equals("Namespace"))
                        .as(r.getKey() + ": " + m.getKind() + " " + m.getMetadata().getName() + " names its namespace")
                        .isTrue();
            }
        }
    }

    @Test
    void theRendererAgreesWithKustomizeWhereKubectlIsInstalled() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
        for (Path overlay : Kustomize.overlays()) {
            Process p = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<Object> theirs = new ArrayList<>();
            new Yaml().loadAll(out).forEach(theirs::add);
            Map<String, Object> ours = byName(Kustomize.render(overlay));
            Map<String, Object> kustomize = byName(theirs.stream().map(Repo::map).toList());
            assertThat(ours.keySet()).as(overlay.toString()).isEqualTo(kustomize.keySet());
            for (String resource : ours.keySet()) {
                assertThat(ours.get(resource)).as(overlay + ": " + resource).isEqualTo(kustomize.get(resource));
            }
        }
    }

    @Test
    void everyServiceRunsNonRootReadOnlyWithProbesABudgetAndItsVolumes() {
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings().entrySet()) {
            List<HasMetadata> models = models(r.getValue());
            Set<String> serviceAccounts = names(models, "ServiceAccount");
            List<PodDisruptionBudget> budgets = models.stream().filter(PodDisruptionBudget.class::isInstance)
                    .map(PodDisruptionBudget.class::cast).toList();
            List<Deployment> deployments = deployments(models);
            assertThat(deployments.stream().map(d -> d.getMetadata().getName())).as(r.getKey())
                    .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
            assertThat(names(models, "Service")).as(r.getKey()).containsAll(Repo.SERVICES);
            for (Deployment d : deployments) {
                String what = r.getKey() + ": " + d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
                assertThat(serviceAccounts).as(what).contains(pod.getServiceAccountName());
                Container c = pod.getContainers().get(0);
                assertThat(pod.getContainers()).as(what).hasSize(1);
                assertThat(c.getStartupProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/started");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/ready");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/live");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(what).contains("ALL");
                assertThat(c.getResources().getLimits()).as(what).containsKey("memory");
                assertThat(c.getResources().getRequests()).as(what).containsKeys("memory", "cpu");
                Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
                assertThat(c.getVolumeMounts().stream().map(VolumeMount::getName)).as(what).allMatch(volumes::contains);
                assertThat(c.getVolumeMounts().stream().map(VolumeMount::getMountPath)).as(what + " writable /tmp")
                        .contains("/tmp");
                Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                assertThat(budgets).as(what + " has a PodDisruptionBudget").anyMatch(b -> labels.entrySet()
                        .containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()));
            }
        }
    }

    @Test
    void restoreServiceHasRoomForRestoresAndTheBackupServiceForItsWalSpool() {
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings().entrySet()) {
            Map<String, Deployment> byName = deployments(models(r.getValue())).stream()
                    .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
            PodSpec restore = byName.get("restore-service").getSpec().getTemplate().getSpec();
            assertThat(mounts(restore)).as(r.getKey()).containsKeys("/var/lib/efp-dr/restore",
                    "/var/lib/efp-dr/models", "/dev/shm");
            Volume scratch = volume(restore, mounts(restore).get("/var/lib/efp-dr/restore"));
            assertThat(scratch.getEphemeral()).as(r.getKey() + " restore scratch is a volume of its own").isNotNull();
            long restoreLimit = bytes(restore.getContainers().get(0).getResources().getLimits().get("memory")
                    .toString());
            assertThat(restoreLimit).as(r.getKey() + " restore-service memory limit").isGreaterThanOrEqualTo(3L << 30);
            assertThat(env(restore, r.getValue()).get("DR_RESTORE_WORK_DIR")).isEqualTo("/var/lib/efp-dr/restore");
            assertThat(env(restore, r.getValue()).get("DR_MODELS_DIR")).isEqualTo("/var/lib/efp-dr/models");
            assertThat(env(restore, r.getValue()).get("DR_RESTORE_PG_BIN")).isEqualTo("/usr/lib/postgresql/15/bin");
            PodSpec backup = byName.get("backup-service").getSpec().getTemplate().getSpec();
            assertThat(mounts(backup)).as(r.getKey()).containsKey(env(backup, r.getValue())
                    .get("DR_BACKUP_WAL_SPOOL_DIR"));
            for (String path : env(backup, r.getValue()).get("DR_BACKUP_MODEL_PATHS").split(",")) {
                assertThat(mounts(backup)).as(r.getKey() + " backup-service model path").containsKey(path);
            }
        }
    }

    @Test
    void everyEnvironmentVariableADeploymentSetsIsReadByItsService() {
        Map<String, ServiceKeys> keys = new TreeMap<>();
        Repo.SERVICES.forEach(s -> keys.put(s, ServiceKeys.of(s)));
        Map<String, Set<String>> secrets = exampleSecrets();
        List<String> unread = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings().entrySet()) {
            for (Deployment d : deployments(models(r.getValue()))) {
                String service = d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                Set<String> names = new TreeSet<>(env(pod, r.getValue()).keySet());
                for (EnvFromSource from : pod.getContainers().get(0).getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        names.addAll(secrets.getOrDefault(from.getSecretRef().getName(), Set.of()));
                    }
                }
                for (String name : names) {
                    if (!keys.get(service).reads(name)) {
                        unread.add(r.getKey() + ": " + service + " " + name);
                    }
                }
            }
        }
        assertThat(unread).as("environment variables no configuration key of the service matches").isEmpty();
    }

    @Test
    void everySecretAndConfigMapReferencedExistsWithTheKey() {
        Map<String, Set<String>> secrets = exampleSecrets();
        for (Map.Entry<String, List<Map<String, Object>>> r : renderings().entrySet()) {
            Map<String, Set<String>> configMaps = configMaps(r.getValue());
            List<String> missing = new ArrayList<>();
            for (Deployment d : deployments(models(r.getValue()))) {
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                String what = r.getKey() + ": " + d.getMetadata().getName() + " ";
                Container c = pod.getContainers().get(0);
                for (EnvVar e : c.getEnv()) {
                    assertThat(e.getValue() == null || e.getValueFrom() == null).isTrue();
                    if (e.getValueFrom() == null) {
                        assertThat(e.getName()).as(what + "secret-looking value inlined")
                                .doesNotContainIgnoringCase("PASSWORD").doesNotContainIgnoringCase("SECRET");
                        continue;
                    }
                    var s = e.getValueFrom().getSecretKeyRef();
                    if (s != null && !secrets.getOrDefault(s.getName(), Set.of()).contains(s.getKey())) {
                        missing.add(what + "Secret " + s.getName() + "/" + s.getKey());
                    }
                    var m = e.getValueFrom().getConfigMapKeyRef();
                    if (m != null && !configMaps.getOrDefault(m.getName(), Set.of()).contains(m.getKey())) {
                        missing.add(what + "ConfigMap " + m.getName() + "/" + m.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getSecretRef() != null && !secrets.containsKey(from.getSecretRef().getName())) {
                        missing.add(what + "Secret " + from.getSecretRef().getName());
                    }
                    if (from.getConfigMapRef() != null && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                        missing.add(what + "ConfigMap " + from.getConfigMapRef().getName());
                    }
                }
                for (Volume v : pod.getVolumes()) {
                    if (v.getSecret() != null) {
                        Set<String> have = secrets.get(v.getSecret().getSecretName());
                        if (have == null) {
                            missing.add(what + "Secret " + v.getSecret().getSecretName());
                        } else if (v.getSecret().getItems() != null) {
                            v.getSecret().getItems().stream().filter(i -> !have.contains(i.getKey()))
                                    .forEach(i -> missing.add(what + "Secret " + v.getSecret().getSecretName() + "/"
                                            + i.getKey()));
                        }
                    }
                    if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())
                            && !configMaps.containsKey(v.getConfigMap().getName())) {
                        missing.add(what + "ConfigMap " + v.getConfigMap().getName());
                    }
                }
            }
            assertThat(missing).as(r.getKey()).isEmpty();
            // No Secret is part of the bundle itself: values come from the operator's own copies.
            assertThat(r.getValue()).as(r.getKey()).noneMatch(doc -> "Secret".equals(doc.get("kind")));
        }
    }

    @Test
    void onlyFailoverServiceTalksToTheKubernetesApiWithTheVerbsItsCodeUses() {
        List<HasMetadata> models = models(Kustomize.render(BASE));
        List<Role> roles = models.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
        assertThat(roles).hasSize(1);
        // Scaler: deployments get + update; ConnectionPublisher: createOr(update) = create, then get + update.
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : roles.get(0).getRules()) {
            assertThat(rule.getVerbs()).doesNotContain("*", "list", "watch", "delete", "patch");
            for (String res : rule.getResources()) {
                granted.computeIfAbsent(res, k -> new TreeSet<>()).addAll(rule.getVerbs());
            }
        }
        assertThat(granted).isEqualTo(Map.of("deployments", Set.of("get", "update"), "secrets",
                Set.of("create", "get", "update"), "configmaps", Set.of("create", "get", "update")));
        RoleBinding binding = models.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .findFirst().orElseThrow();
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("failover-service"));
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(roles.get(0).getMetadata().getNamespace());
        // The namespace the role is in is the one failover-service is told to act in.
        Map<String, String> failoverEnv = Repo.map(configMapsData(Kustomize.render(BASE))
                .get("efp-dr-failover-service-env")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        assertThat(failoverEnv).containsEntry("DR_FAILOVER_KUBERNETES_NAMESPACE",
                roles.get(0).getMetadata().getNamespace()).containsEntry("DR_FAILOVER_DATABASE_CONNECTION_NAMESPACE",
                        roles.get(0).getMetadata().getNamespace());
        for (HasMetadata m : models) {
            if (m instanceof io.fabric8.kubernetes.api.model.ServiceAccount sa) {
                assertThat(sa.getAutomountServiceAccountToken()).as(sa.getMetadata().getName() + " mounts a token")
                        .isEqualTo(sa.getMetadata().getName().equals("failover-service"));
            }
        }
    }

    @Test
    void ingressIsDeniedUnlessAllowedAndTopicsMatchThePlatformsList() {
        List<Map<String, Object>> base = Kustomize.render(BASE);
        List<NetworkPolicy> policies = models(base).stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        assertThat(policies).as("a default-deny ingress policy").anyMatch(p -> isEmpty(p.getSpec().getPodSelector()
                .getMatchLabels()) && p.getSpec().getPolicyTypes().contains("Ingress")
                && isEmpty(p.getSpec().getIngress()));
        Map<String, Map<String, Object>> topics = new TreeMap<>();
        for (Map<String, Object> doc : base) {
            if ("KafkaTopic".equals(doc.get("kind"))) {
                Map<String, Object> spec = Repo.map(doc.get("spec"));
                assertThat(spec.keySet()).isSubsetOf("topicName", "partitions", "replicas", "config");
                topics.put((String) spec.get("topicName"), Repo.map(spec.get("config")));
            }
        }
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(
                org.efp.dr.testkit.Infrastructure.TOPICS);
        topics.forEach((name, config) -> assertThat(config.get("cleanup.policy")).as(name).isEqualTo(
                org.efp.dr.testkit.Infrastructure.COMPACTED_TOPICS.contains(name) ? "compact" : "delete"));
    }

    @Test
    void prometheusScrapesEveryServiceUnderTheJobNameTheAlertsUse() {
        List<Map<String, Object>> base = Kustomize.render(BASE);
        Map<String, Object> monitor = base.stream().filter(d -> "ServiceMonitor".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, Object> spec = Repo.map(monitor.get("spec"));
        assertThat(spec.keySet()).isSubsetOf("jobLabel", "selector", "namespaceSelector", "endpoints");
        assertThat(spec.get("jobLabel")).isEqualTo("app.kubernetes.io/name");
        Map<String, Object> endpoint = Repo.map(Repo.list(spec.get("endpoints")).get(0));
        assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("port", "http");
        Map<String, Object> selector = Repo.map(Repo.map(spec.get("selector")).get("matchLabels"));
        for (HasMetadata m : models(base)) {
            if (m instanceof io.fabric8.kubernetes.api.model.Service svc) {
                assertThat(svc.getMetadata().getLabels()).as(svc.getMetadata().getName())
                        .containsAllEntriesOf(selector.entrySet().stream().collect(Collectors.toMap(
                                Map.Entry::getKey, e -> String.valueOf(e.getValue()))))
                        .containsEntry("app.kubernetes.io/name", svc.getMetadata().getName());
                assertThat(svc.getSpec().getPorts()).anyMatch(p -> "http".equals(p.getName()));
            }
        }
        assertThat(Repo.read(Repo.ROOT.resolve("deploy/prometheus/rules/efp-dr.rules.yml")))
                .contains("up{job=~\"" + String.join("|", Repo.SERVICES) + "\"}");
    }

    // --- helpers

    private static boolean isEmpty(Object mapOrList) {
        return mapOrList == null || mapOrList instanceof Map<?, ?> m && m.isEmpty()
                || mapOrList instanceof List<?> l && l.isEmpty();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Path.of(dir, program).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Resources by kind and name; lists of named items in name order (kustomize moves patched items first). */
    private static Map<String, Object> byName(List<Map<String, Object>> docs) {
        Map<String, Object> out = new TreeMap<>();
        for (Map<String, Object> d : docs) {
            Map<String, Object> meta = Repo.map(d.get("metadata"));
            out.put(Model.type(d) + " " + meta.get("namespace") + "/" + meta.get("name"), normalized(d));
        }
        return out;
    }

    private static Object normalized(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, normalized(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.stream().map(KubernetesManifestsTest::normalized).toList());
            if (out.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null)) {
                out.sort(java.util.Comparator.comparing(i -> String.valueOf(((Map<?, ?>) i).get("name"))));
            }
            return out;
        }
        return o;
    }

    private static Set<String> names(List<HasMetadata> models, String kind) {
        return models.stream().filter(m -> m.getKind().equals(kind)).map(m -> m.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private static List<Deployment> deployments(List<HasMetadata> models) {
        return models.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    }

    private static Map<String, String> mounts(PodSpec pod) {
        return pod.getContainers().get(0).getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Object> configMapsData(List<Map<String, Object>> docs) {
        Map<String, Object> out = new TreeMap<>();
        docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).forEach(d -> out.put(
                (String) Repo.map(d.get("metadata")).get("name"), d.get("data") == null ? Map.of() : d.get("data")));
        return out;
    }

    private static Map<String, Set<String>> configMaps(List<Map<String, Object>> docs) {
        Map<String, Set<String>> out = new TreeMap<>();
        configMapsData(docs).forEach((k, v) -> out.put(k, Repo.map(v).keySet()));
        return out;
    }

    /** The container's environment: envFrom ConfigMaps first, then env (values of secret references are null). */
    static Map<String, String> env(PodSpec pod, List<Map<String, Object>> docs) {
        Map<String, Object> maps = configMapsData(docs);
        Map<String, String> out = new TreeMap<>();
        Container c = pod.getContainers().get(0);
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                Repo.map(maps.get(from.getConfigMapRef().getName()))
                        .forEach((k, v) -> out.put(k, String.valueOf(v)));
            }
        }
        for (EnvVar e : c.getEnv()) {
            out.put(e.getName(), e.getValue());
        }
        return out;
    }

    private static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);
        for (Map.Entry<String, Long> u : units.entrySet()) {
            if (quantity.endsWith(u.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * u.getValue();
            }
        }
        return Long.parseLong(quantity);
    }
}
