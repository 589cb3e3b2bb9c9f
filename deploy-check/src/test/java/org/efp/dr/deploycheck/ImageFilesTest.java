package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The image recipe (deploy/docker/Dockerfile) read as text, since no Docker engine runs in the build: the runtime
 * stage is the PostgreSQL image of the protected cluster's major version and checks every tool the services run,
 * runs as the non-root user the Kubernetes pods and the compose services expect, and the build context leaves out
 * build output and machine-specific Maven settings.
 */
class ImageFilesTest {

    private static final String DOCKERFILE = Repo.read(Repo.ROOT.resolve("deploy/docker/Dockerfile"));

    @Test
    void theRuntimeCarriesThePinnedPostgresqlToolsAndRunsAsNonRoot() {
        assertThat(DOCKERFILE).contains("ARG PG_MAJOR=15").contains("FROM postgres:${PG_MAJOR}-");
        List<String> froms = DOCKERFILE.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms.get(froms.size() - 1)).as("runtime stage").startsWith("FROM postgres:${PG_MAJOR}");
        for (String tool : List.of("postgres", "initdb", "pg_ctl", "pg_rewind", "pg_basebackup", "pg_receivewal",
                "pg_dump", "pg_restore")) {
            assertThat(DOCKERFILE).as(tool + " checked at build time").containsPattern("for tool in [^;]*\\b" + tool
                    + "\\b");
        }
        List<String> users = DOCKERFILE.lines().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).as("last USER").isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).split(":")[0].strip();
        assertThat(user).isNotEqualTo("0").isNotEqualTo("root").isEqualTo("185");
        assertThat(DOCKERFILE).contains("DR_RESTORE_PG_BIN=/usr/lib/postgresql/${PG_MAJOR}/bin")
                .contains("DR_BACKUP_PG_BIN=/usr/lib/postgresql/${PG_MAJOR}/bin");
    }

    @Test
    void podsRunAsTheImagesUserAndTheBuildContextIsClean() {
        for (String service : Repo.SERVICES) {
            Map<String, Object> deployment = Repo.documents(Repo.K8S.resolve("base/" + service + ".yaml")).get(0);
            Map<String, Object> pod = Repo.map(Repo.map(Repo.map(deployment.get("spec")).get("template")).get("spec"));
            assertThat(Repo.map(pod.get("securityContext")).get("runAsUser")).as(service).isEqualTo(185);
        }
        List<String> ignored = Repo.read(Repo.ROOT.resolve(".dockerignore")).lines().map(String::strip).toList();
        assertThat(ignored).contains(".git", "**/target", ".mvn/maven.config", ".dr");
    }
}
