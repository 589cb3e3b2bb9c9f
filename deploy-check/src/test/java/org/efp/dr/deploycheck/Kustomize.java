package org.efp.dr.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The part of kustomize the bundle uses, so the build can render the overlays without the kustomize binary:
 * {@code resources} (files and directories holding a kustomization.yaml) and {@code patches} given by {@code path},
 * applied as strategic merge patches (maps merge, a null value deletes a key, lists of named items merge by name,
 * other lists are replaced). A kustomization using anything else fails the build, so the two cannot silently part.
 */
final class Kustomize {

    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "patches");

    private Kustomize() {
    }

    /** The resources {@code dir}'s kustomization.yaml produces, in order. */
    static List<Map<String, Object>> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no kustomization.yaml in " + dir);
        }
        Map<String, Object> k = Repo.document(file);
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new AssertionError(file + ": '" + key + "' is not supported by the build's renderer; use "
                        + "resources and patches (path) only");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : Repo.list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                out.addAll(Repo.documents(p));
            }
        }
        for (Object patchEntry : Repo.list(k.get("patches"))) {
            Map<String, Object> entry = Repo.map(patchEntry);
            if (!entry.keySet().equals(Set.of("path"))) {
                throw new AssertionError(file + ": patches must be given by path only: " + entry);
            }
            Path p = dir.resolve((String) entry.get("path"));
            for (Map<String, Object> patch : Repo.documents(p)) {
                Map<String, Object> target = target(out, patch, p);
                Map<String, Object> merged = merge(target, patch);
                out.set(out.indexOf(target), merged);
            }
        }
        return out;
    }

    private static Map<String, Object> target(List<Map<String, Object>> resources, Map<String, Object> patch, Path p) {
        Map<String, Object> meta = Repo.map(patch.get("metadata"));
        List<Map<String, Object>> found = resources.stream()
                .filter(r -> Objects.equals(r.get("kind"), patch.get("kind"))
                        && Objects.equals(r.get("apiVersion"), patch.get("apiVersion"))
                        && Objects.equals(Repo.map(r.get("metadata")).get("name"), meta.get("name"))
                        && (meta.get("namespace") == null
                                || Objects.equals(Repo.map(r.get("metadata")).get("namespace"), meta.get("namespace"))))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(p + ": patch of " + patch.get("kind") + " " + meta.get("name") + " matches "
                    + found.size() + " resources");
        }
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object b = out.get(e.getKey());
            Object v = e.getValue();
            if (v == null) {
                out.remove(e.getKey());
            } else if (b instanceof Map && v instanceof Map) {
                out.put(e.getKey(), merge((Map<String, Object>) b, (Map<String, Object>) v));
            } else if (b instanceof List && v instanceof List && named((List<Object>) b) && named((List<Object>) v)) {
                out.put(e.getKey(), mergeByName((List<Object>) b, (List<Object>) v));
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static boolean named(List<Object> list) {
        return !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByName(List<Object> base, List<Object> patch) {
        List<Object> out = new ArrayList<>(base);
        for (Object p : patch) {
            Map<String, Object> pm = (Map<String, Object>) p;
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (Objects.equals(((Map<String, Object>) out.get(i)).get("name"), pm.get("name"))) {
                    at = i;
                }
            }
            if (at < 0) {
                out.add(pm);
            } else {
                out.set(at, merge((Map<String, Object>) out.get(at), pm));
            }
        }
        return out;
    }

    static List<Path> overlays() {
        return List.of(Repo.K8S.resolve("overlays/local"), Repo.K8S.resolve("overlays/prod"),
                Repo.K8S.resolve("overlays/dr-region"));
    }
}
